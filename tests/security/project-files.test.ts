import { link, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { BriefpackError } from '../../src/errors.js';
import { parseManifest } from '../../src/pack/manifest.js';
import { cssForStyleElement } from '../../src/render/context.js';
import { loadTemplateSet } from '../../src/render/templates.js';

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'briefpack-files-'));

describe('the files of a project', () => {
  it('should list a templates folder whose links loop back once, not forever', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'tpl/partials'), { recursive: true });
    await writeFile(path.join(root, 'tpl/partials/extra.hbs'), '<p>extra</p>');
    await symlink('.', path.join(root, 'tpl/a'));
    await symlink('..', path.join(root, 'tpl/partials/up'));
    const set = await loadTemplateSet({ root, overlayDir: path.join(root, 'tpl') });
    expect(set.files.get('partials/extra.hbs')).toBe('<p>extra</p>');
    expect([...set.files.keys()].filter((name) => name.endsWith('extra.hbs'))).toEqual(['partials/extra.hbs']);
  });

  it('should refuse a config file that is a hard link, or a link round in a loop', async () => {
    const root = await tempDir();
    const outside = await tempDir();
    await writeFile(path.join(outside, 'c.json'), '{}');
    await link(path.join(outside, 'c.json'), path.join(root, 'briefpack.config.json'));
    expect(() => loadConfig(root)).toThrowError(/hard links/);
    const loop = await tempDir();
    await symlink('briefpack.config.json', path.join(loop, 'briefpack.config.json'));
    expect(() => loadConfig(loop)).toThrowError(BriefpackError);
    expect(() => loadConfig(loop)).toThrowError(/loop/);
  });

  it('should take from a manifest only paths of outputs inside their folder', () => {
    const manifest = (p: string) => JSON.stringify({ files: [{ path: p, sha256: 'x' }] });
    expect(parseManifest(manifest('iom/brief.pdf')).files).toHaveLength(1);
    for (const bad of ['iom/../../etc/passwd', '/etc/passwd', '../x', 'iom/sub/deeper.pdf']) expect(() => parseManifest(manifest(bad)), bad).toThrowError(/not an output's path/);
    expect(() => parseManifest('{')).toThrowError(/not valid JSON/);
  });

  it('should keep a theme from ending its style element, and leave other CSS as written', () => {
    expect(cssForStyleElement('a{} </STYLE ><script>x()</script>')).toBe('a{} \\3c /STYLE ><script>x()</script>');
    expect(cssForStyleElement('@media (width < 600px) { a { b: c } }')).toBe('@media (width < 600px) { a { b: c } }');
  });
});
