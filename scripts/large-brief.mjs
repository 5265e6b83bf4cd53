// Makes large and pathological briefs for `npm run bench` and for profiling: generated when needed,
// never committed. `largeBrief(bytes)` is a realistic brief of about that many bytes (English prose
// under ## and ### sections, lists, tables, footnotes, facts, links and emphasis), the same text for
// the same size; `pathologicalBriefs()` are the inputs that once made the parse super-linear.
//   node scripts/large-brief.mjs 1000000 > /tmp/big.md

const frontMatter = (title) => `---
title: ${title}
subtitle: Briefing Note
organisation: International Organization for Migration (IOM)
author: Briefpack
lang: en
asOf: 2026-03-31
summary: >-
  A long synthetic briefing note, made to measure how briefpack scales with the size of a brief.
keywords: [benchmark, migration]
facts:
  - key: founded
    label: Founded
    value: "1951"
  - key: members
    label: Members
    value: 175 member states and 8 observer states
    asOf: 2026-03-31
---
`;

const words = (
  'migration policy member states organization office programme partners refugees resettlement ' +
  'humanitarian assistance displacement returns border management labour mobility health climate ' +
  'emergency response funding donors coordination regional national local authorities community ' +
  'integration protection data research training capacity governance agreement cooperation review ' +
  'report evaluation strategy objective outcome indicator budget staff field mission project'
).split(' ');

/** A small deterministic pseudo-random generator (mulberry32), so a size always gives the same brief. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function largeBrief(bytes, { title = 'Large synthetic brief' } = {}) {
  const rnd = random(bytes);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const sentence = () => {
    const n = 8 + Math.floor(rnd() * 14);
    const ws = Array.from({ length: n }, () => pick(words));
    const i = Math.floor(rnd() * n);
    const r = rnd();
    if (r < 0.1) ws[i] = `**${ws[i]}**`;
    else if (r < 0.2) ws[i] = `*${ws[i]}*`;
    else if (r < 0.25) ws[i] = `[${ws[i]}](https://www.iom.int/${ws[i]})`;
    else if (r < 0.28) ws[i] = `\`${ws[i]}\``;
    const s = ws.join(' ');
    return `${s[0].toUpperCase()}${s.slice(1)}.`;
  };
  const paragraph = () => {
    const n = 3 + Math.floor(rnd() * 5);
    return Array.from({ length: n }, sentence).join(' ');
  };
  const parts = [frontMatter(title), '\n', 'The :fact[members] of the organization meet every year.\n\n'];
  let size = parts.join('').length;
  let footnote = 0;
  let section = 0;
  const add = (s) => {
    parts.push(s);
    size += s.length;
  };
  while (size < bytes) {
    section++;
    add(`## ${section}. ${pick(words)} and ${pick(words)}\n\n${paragraph()}\n\n`);
    for (let sub = 1; sub <= 3 && size < bytes; sub++) {
      add(`### ${section}.${sub}. The ${pick(words)} ${pick(words)}\n\n`);
      for (let p = 0; p < 3; p++) {
        const r = rnd();
        if (r < 0.15) {
          const items = 3 + Math.floor(rnd() * 4);
          add(Array.from({ length: items }, () => `- ${sentence()}${rnd() < 0.3 ? `\n  - ${sentence()}` : ''}`).join('\n') + '\n\n');
        } else if (r < 0.22) {
          add(`1. ${sentence()}\n2. ${sentence()}\n3. ${sentence()}\n\n`);
        } else if (r < 0.28) {
          const rows = 3 + Math.floor(rnd() * 5);
          add(`| ${pick(words)} | ${pick(words)} | Amount |\n| --- | --- | ---: |\n`);
          for (let i = 0; i < rows; i++) add(`| ${pick(words)} ${pick(words)} | ${pick(words)} | ${Math.floor(rnd() * 100000)} |\n`);
          add('\n');
        } else if (r < 0.33) {
          footnote++;
          add(`${paragraph()} See the note.[^n${footnote}]\n\n[^n${footnote}]: ${sentence()}\n\n`);
        } else if (r < 0.36) {
          add(`> ${paragraph()}\n\n`);
        } else add(`${paragraph()}\n\n`);
      }
    }
  }
  return parts.join('');
}

/** Inputs that once made the parse super-linear, each with a short name. */
export function pathologicalBriefs() {
  const fm = frontMatter('Odd brief');
  const list = Array.from({ length: 600 }, (_, i) => `${'  '.repeat(i)}- item ${i}`).join('\n');
  return {
    'nested-list-600': `${fm}\n## Deep\n\n${list}\n`,
    'stars-5000': `${fm}\n## Stars\n\n${'*'.repeat(5000)}word${'*'.repeat(5000)}\n`,
    'brackets-100k': `${fm}\n## Brackets\n\n${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
    'quotes-1200': `${fm}\n## Quotes\n\n${'>'.repeat(1200)} deep\n`,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = process.argv[2] ?? '1000000';
  if (/^\d+$/.test(arg)) process.stdout.write(largeBrief(Number(arg)));
  else process.stdout.write(pathologicalBriefs()[arg]);
}
