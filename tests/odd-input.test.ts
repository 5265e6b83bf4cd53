import { describe, expect, it } from 'vitest';
import { BriefpackError } from '../src/errors.js';
import { lineOf, parsedWithIom } from './helpers.js';


// Any input, however odd, gives a correct output or an error at its place: never a crash.
describe('odd input', () => {
  it('should keep a link with a bad %-escape as written', async () => {
    const { doc, error } = await parsedWithIom('[bozuk](#%FF) ve [site](http://a/%ZZ) bağlantıları.');
    expect(error).toBeUndefined();
    expect(doc!.html).toContain('href="#%FF"');
    expect(doc!.html).toContain('bozuk');
  });

  for (const [name, body] of [
    ['emphasis', `${'*'.repeat(5000)}kelime${'*'.repeat(5000)}`],
    ['quotes', `${'>'.repeat(1200)} derin alıntı`],
    ['lists', Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i)}- madde ${i}`).join('\n')],
  ] as const) {
    it(`should refuse ${name} nested far deeper than a brief needs, at the line where they get too deep`, async () => {
      const { source, error } = await parsedWithIom(`Derin metin başlıyor.\n\n${body}`);
      expect(error).toBeInstanceOf(BriefpackError);
      expect((error as BriefpackError).message).toMatch(/nested more than 100 levels deep/);
      expect((error as BriefpackError).place?.line).toBeGreaterThanOrEqual(lineOf(source, 'Derin metin') + 2);
    });
  }

  it('should refuse raw HTML nested thousands deep, naming the file', async () => {
    const { error } = await parsedWithIom(`${'<div>'.repeat(5000)}x${'</div>'.repeat(5000)}`);
    expect(error).toBeInstanceOf(BriefpackError);
    expect((error as BriefpackError).message).toMatch(/nests its elements too deeply/);
    expect((error as BriefpackError).place?.file).toBe('content/iom.md');
  });

  it('should lay out lists and quotes nested as deep as real documents go', async () => {
    const { doc, error } = await parsedWithIom(`${Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}- düzey ${i}`).join('\n')}\n\n${'> '.repeat(12)}alıntı`);
    expect(error).toBeUndefined();
    expect(doc!.html).toContain('düzey 11');
  });
});
