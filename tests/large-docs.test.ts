import { describe, expect, it } from 'vitest';
import { withPatientTimeout } from '../src/browser/patient-timer.js';
import { parseBriefOnThread } from '../src/build/parse-thread.js';
import { parseBrief } from '../src/content/parse-brief.js';
import { largeBrief } from '../scripts/large-brief.mjs';
import { BriefpackError } from '../src/errors.js';
import { iomSource, lineOf, parsedWithIom, runCli, tempProject } from './helpers.js';


/** Blocks this thread, as a long synchronous parse would. */
function blockFor(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

// Issue 12, item 8: input that once took the parser quadratic time is refused before it is parsed,
// at its line, and what any brief writes is not.
describe('large and odd documents', () => {
  for (const [name, body, message, needle] of [
    ['a list 600 levels deep', Array.from({ length: 600 }, (_, i) => `${'  '.repeat(i)}- madde ${i}`).join('\n'), /indented 200 columns.*nested more than 100 levels/, '- madde 100'],
    ['100 kB of nested brackets', `${'['.repeat(50_000)}${']'.repeat(50_000)}`, /brackets are nested more than 100 levels deep/, '[[['],
    ['5,000 `*` around a word', `${'*'.repeat(5000)}kelime${'*'.repeat(5000)}`, /`\*` 5000 times in a row.*nested more than 100 levels/, 'kelime'],
    ['20,000 `]` with no `[`', 'x]'.repeat(20_000), /more than 1000 `\]` with no `\[`/, 'x]x]'],
  ] as const) {
    it(`should refuse ${name} with the line it is on, not parse it for seconds`, async () => {
      const { source, error } = await parsedWithIom(`Derin metin başlıyor.\n\n${body}`);
      expect(error).toBeInstanceOf(BriefpackError);
      expect((error as BriefpackError).message).toMatch(message);
      expect((error as BriefpackError).place).toMatchObject({ file: 'content/iom.md', line: lineOf(source, needle) });
    });
  }

  it('should parse what real briefs write: rules of stars, deep brackets in code, escaped and paired brackets', async () => {
    const body = [
      '*'.repeat(120),
      '```json',
      `${'['.repeat(300)}${']'.repeat(300)}`,
      '```',
      `Dipnotlar [1], [2] ve [[3]] ile ${'\\]'.repeat(1500)} kaçışlı ayraçlar; **kalın** ve _eğik_ yazı.`,
      Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}- düzey ${i}`).join('\n'),
    ].join('\n\n');
    const { doc, error } = await parsedWithIom(body);
    expect(error).toBeUndefined();
    expect(doc!.html).toContain('<hr>');
    expect(doc!.html).toContain('düzey 11');
    expect(doc!.html).toContain('<strong>kalın</strong>');
  });

  it('should parse a long brief on the parse thread, its Markdown in parts on threads of its own, as one parse would', async () => {
    const source = largeBrief(1_600_000);
    const options = { today: new Date('2026-12-01T00:00:00Z') };
    const iom = await iomSource();
    // Briefs asked meanwhile are answered (the thread ends after a long one only when idle), and the
    // ended thread starts again for the next.
    const [onThreads, short, other] = await Promise.all([
      parseBriefOnThread(source, 'content/large.md', options),
      parseBriefOnThread(iom, 'content/iom.md', options),
      parseBriefOnThread(largeBrief(550_000, { title: 'Other' }), 'content/other.md', options),
    ]);
    expect(other.doc.meta.title).toBe('Other');
    const whole = parseBrief(source, 'content/large.md', options);
    expect(short.doc.html).toBe(parseBrief(iom, 'content/iom.md', options).doc.html);
    expect((await parseBriefOnThread(iom, 'content/iom.md', options)).doc.html).toBe(short.doc.html);
    expect(onThreads.doc.html.length).toBeGreaterThan(1_500_000);
    expect(onThreads.doc.html === whole.doc.html).toBe(true);
    expect(JSON.stringify(onThreads.doc.tree) === JSON.stringify(whole.doc.tree)).toBe(true);
    expect(onThreads.warnings).toEqual(whole.warnings);
  });

  it('should refuse on the parse thread what one parse refuses, though each part alone passes (brackets across a heading)', async () => {
    // The cut falls at the first heading past the middle, in the plain paragraphs: the brackets' heading.
    const plain = Array.from({ length: 800 }, (_, i) => `Düz paragraf ${i}, başlıksız.`).join('\n\n');
    const source = `${largeBrief(780_000)}\n\n${plain}\n\n${'['.repeat(60)}\n# Ayraçlar\n${'['.repeat(60)}\n\n${largeBrief(800_000).replace(/^---[^]*?\n---\n/, '')}`;
    const options = { today: new Date('2026-12-01T00:00:00Z') };
    const whole = (() => {
      try {
        parseBrief(source, 'content/large.md', options);
      } catch (error) {
        return error as BriefpackError;
      }
    })();
    expect(whole?.message).toMatch(/brackets are nested more than 100 levels deep/);
    await expect(parseBriefOnThread(source, 'content/large.md', options)).rejects.toMatchObject({ message: whole!.message, place: whole!.place });
  });

  it('should give the error with its place from a build, as a diagnostic and not a stack trace', async () => {
    const source = await iomSource();
    const dir = await tempProject({ 'iom.md': `${source}\n${Array.from({ length: 600 }, (_, i) => `${'  '.repeat(i)}- madde ${i}`).join('\n')}\n` });
    const result = await runCli(['build', '--format', 'html'], dir);
    expect(result.code).toBe(1);
    const line = source.split('\n').length + 101;
    expect(result.stderr).toContain(`content/iom.md:${line}:1 error the text is indented 200 columns here`);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('a patient timeout', () => {
  it('should not count time the thread was blocked: an answer that came meanwhile wins', async () => {
    // The answer is due 50 ms after the timeout, but both come due while the thread is blocked: a
    // plain timer would fire first and blame the other side.
    const answer = new Promise((resolve) => setTimeout(() => resolve('answered'), 250));
    const watched = withPatientTimeout(answer, 200, () => new Error('no answer'));
    blockFor(600);
    await expect(watched).resolves.toBe('answered');
  });

  it('should fail with its error when the time passes while the thread is free', async () => {
    const never = new Promise(() => {});
    await expect(withPatientTimeout(never, 100, () => new Error('no answer'))).rejects.toThrow('no answer');
  });
});
