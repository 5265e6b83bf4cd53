import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pdfInfo, pdfPageText, runCli, tempProject } from './helpers.js';

const front = `---
title: Sayfa Sonu Denemesi
organisation: Örnek
author: Ekip
lang: tr
asOf: 2026-11-25
summary: Başlıkların sayfa sonunda yalnız kalmadığını sınar.
facts:
  - key: n
    label: Sayı
    value: "40"
---
`;

// Forty headings over paragraphs of changing length: without the break rules some land at a page foot.
const body = Array.from({ length: 40 }, (_, i) => `### Başlık ${i + 1}\n\n${'Göç yönetimi ve işbirliği üzerine bir cümle. '.repeat(3 + ((i * 7) % 11))}\n`).join('\n');

const table = `\n## Tablo\n\n| Yıl | Olay |\n| --- | --- |\n${Array.from({ length: 60 }, (_, i) => `| ${1951 + i} | ${'Uzun bir olay açıklaması, satırı birkaç satıra taşır. '.repeat(3 + (i % 5))} |`).join('\n')}\n`;

describe('page breaks in the PDF brief', () => {
  it('should keep every heading with the text after it and never split a table row', async () => {
    const dir = await tempProject({ 'breaks.md': `${front}\n## Bölüm\n\n${body}${table}` });
    const result = await runCli(['build', '--format', 'pdf'], dir);
    expect(result.code, result.stderr).toBe(0);
    const pdf = path.join(dir, 'dist/breaks/brief.pdf');
    const pages = Number(pdfInfo(pdf).Pages);
    expect(pages).toBeGreaterThan(4);
    // The table of contents lists the same headings; the body starts with the first paragraph.
    const bodyStart = Array.from({ length: pages }, (_, i) => i + 1).find((n) => pdfPageText(pdf, n).includes('Göç yönetimi ve işbirliği'))!;
    expect(bodyStart).toBeGreaterThan(1);
    for (let n = bodyStart; n <= pages; n++) {
      const lines = pdfPageText(pdf, n)
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l && !/^Sayfa \d+ \/ \d+$/.test(l) && !/^r[0-9a-f]{8} · v/.test(l));
      expect(lines.at(-1), `page ${n} ends with a heading`).not.toMatch(/^(Başlık \d+|Bölüm|Tablo)$/);
      // A row starts with its year; a row split over two pages would start a page with a continuation line.
      const first = lines.find((l) => !/SAYFA SONU DENEMESİ/.test(l));
      if (lines.some((l) => /^\d{4}\s/.test(l)) && n > 1) expect(first, `page ${n} starts inside a table row`).toMatch(/^(\d{4}\s|Yıl|Başlık|Göç|Tablo|Bölüm)/);
    }
  });
});
