import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { iomSource, runCli, tempProject } from './helpers.js';

describe('a project with its own config, theme and templates', () => {
  it('should render with the project theme and a template overlay, and honour the config folders', async () => {
    const dir = await tempProject({});
    await mkdir(path.join(dir, 'briefs'));
    await writeFile(path.join(dir, 'briefs', 'iom.md'), await iomSource());
    await mkdir(path.join(dir, 'tpl', 'partials'), { recursive: true });
    await writeFile(path.join(dir, 'my-theme.css'), ':root { --bp-accent: #b00b1e; }');
    await writeFile(path.join(dir, 'tpl', 'partials', 'revision.hbs'), '<p class="bp-revision">Özel altbilgi {{revision.stamp}}</p>');
    await writeFile(
      path.join(dir, 'briefpack.config.json'),
      JSON.stringify({ content: 'briefs', out: 'public', formats: ['html'], theme: 'my-theme.css', templates: 'tpl' }),
    );
    const result = await runCli(['build'], dir);
    expect(result.code, result.stderr).toBe(0);
    const html = await readFile(path.join(dir, 'public/iom/one-pager.html'), 'utf8');
    expect(html).toContain('--bp-accent: #b00b1e;');
    expect(html).not.toContain('--bp-accent: #0a4f9c;');
    expect(html).toMatch(/Özel altbilgi r[0-9a-f]{8}/);
    // Only the configured format was made.
    expect(result.stdout).not.toContain('brief.pdf');
  });

  it('should refuse a theme outside the project', async () => {
    const dir = await tempProject({ 'iom.md': await iomSource() });
    await writeFile(path.join(dir, 'briefpack.config.json'), JSON.stringify({ theme: '../../etc/passwd' }));
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/theme "\.\.\/\.\.\/etc\/passwd" is outside the project/);
  });

  it('should refuse a brief outside the project', async () => {
    const dir = await tempProject({ 'iom.md': await iomSource() });
    const result = await runCli(['build', '/etc/hostname', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/brief "\/etc\/hostname" is outside the project/);
  });

  it('should name a config error', async () => {
    const dir = await tempProject({ 'iom.md': await iomSource() });
    await writeFile(path.join(dir, 'briefpack.config.json'), JSON.stringify({ formats: ['docx'] }));
    const result = await runCli(['build'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^briefpack\.config\.json error config `formats\.0`/m);
  });
});
