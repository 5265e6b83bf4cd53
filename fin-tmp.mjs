import { readFileSync, readdirSync } from 'node:fs';
const { finishPdfParts } = await import('./src/pdf/finish-pdf.ts');
const n = process.argv[2];
const meta = JSON.parse(readFileSync(`/tmp/parts/${n}.json`, 'utf8'));
const parts = Array.from({ length: meta.count }, (_, k) => new Uint8Array(readFileSync(`/tmp/parts/${n}-${k}.pdf`)));
meta.metadata.date = new Date(meta.metadata.date);
for (let i = 0; i < Number(process.argv[3] ?? 2); i++) {
  const c = process.cpuUsage(); const t = performance.now();
  const out = await finishPdfParts(parts, meta.join, meta.metadata, meta.printed);
  const cu = process.cpuUsage(c);
  console.log(n, 'parts', parts.length, 'out', out.length, Math.round(performance.now() - t), 'ms wall', Math.round((cu.user + cu.system) / 1000), 'ms cpu');
}
