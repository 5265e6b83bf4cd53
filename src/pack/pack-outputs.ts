import type { BrowserSession } from '../browser/browser.js';
import type { RenderAssets } from '../build/render-brief.js';
import type { BriefDocument, TocEntry } from '../model.js';
import { printPaged } from '../pdf/print-paged.js';
import { nestToc, templateStyles } from '../render/context.js';
import { labels } from '../render/labels.js';
import { safe } from '../render/templates.js';
import { startArchive } from './archive.js';
import type { BriefEntry } from './briefs.js';
import type { PackDefinition } from './definition.js';
import { manifestFile, packRevision, serializeManifest, type ManifestFile } from './manifest.js';
import { prefixedHtml } from './prefix-ids.js';
import { trace } from '../trace.js';

/** A brief edition as built: what the pack's own files are made from. */
export interface BuiltBrief {
  entry: BriefEntry;
  doc: BriefDocument;
  /** The revision stamp its outputs carry. */
  stamp: string;
  outputs: ReadonlyArray<{ fileName: string; data: Uint8Array }>;
}

export interface PackOutputsInput {
  pack: PackDefinition;
  version: string;
  briefs: readonly BuiltBrief[];
  assets: RenderAssets;
  generator: string;
  builtOn: Date;
  /** Present when pack.pdf is to be made. */
  browser?: () => Promise<BrowserSession>;
  warn: (message: string) => void;
}

export interface PackFile {
  /** Relative to the output folder. */
  path: string;
  data: Uint8Array;
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} kB`;
const encode = (s: string) => new TextEncoder().encode(s);

/**
 * The pack's own files, from its built briefs: pack.pdf (one contents, every brief, pages numbered
 * across), index.html (every output, with sizes), manifest.json (every file, hashed) and the zip of
 * all of them. Given the same briefs and date, the same bytes.
 */
export async function renderPackOutputs(input: PackOutputsInput): Promise<PackFile[]> {
  const { pack, version, briefs, assets, builtOn } = input;
  const packLabels = labels[pack.lang];
  const builtOnIso = builtOn.toISOString().slice(0, 10);
  const stamp = packRevision(briefs.map((b) => b.stamp), version, builtOnIso);
  const revision = { stamp, builtOn: builtOnIso };
  const styles = (fontsCss: string) => templateStyles(assets.templates, fontsCss);
  const base = { pack: { ...pack, version }, labels: packLabels, revision, generator: input.generator };
  const files: PackFile[] = [];

  const manifestFiles: ManifestFile[] = briefs.flatMap((b) =>
    b.outputs.map((o) => manifestFile(`${b.entry.slug}/${o.fileName}`, o.data, { brief: b.entry.base, edition: b.doc.meta.lang, revision: b.stamp })),
  );

  const archiveName = `${pack.slug}-${version}.zip`;
  // The briefs' outputs compress while Chromium prints pack.pdf; the pack's own files follow them.
  const archive = startArchive(archiveName.replace(/\.zip$/, ''), builtOn);
  archive.add(briefs.flatMap((b) => b.outputs.map((o) => ({ path: `${b.entry.slug}/${o.fileName}`, data: o.data }))));

  if (input.browser && briefs.length > 0) {
    // One edition of each brief: the pack's language where there is one, else the main file.
    const chosen = [...new Set(briefs.map((b) => b.entry.base))].map(
      (baseSlug) => briefs.find((b) => b.entry.base === baseSlug && b.doc.meta.lang === pack.lang) ?? briefs.find((b) => b.entry.base === baseSlug)!,
    );
    const toc: TocEntry[] = chosen.flatMap((b) => [
      { id: `brief-${b.entry.slug}`, depth: 1, title: b.doc.meta.title },
      ...b.doc.toc.map((t) => ({ ...t, id: `${b.entry.slug}--${t.id}` })),
    ]);
    const html = assets.render('pack', {
      ...base,
      toc: nestToc(toc),
      styles: styles(assets.fonts.servedCss),
      briefs: chosen.map((b, i) => ({
        meta: b.doc.meta,
        facts: b.doc.facts,
        labels: labels[b.doc.meta.lang],
        body: safe(prefixedHtml(b.doc.tree, `${b.entry.slug}--`)),
        pageName: `bp-brief-${i + 1}`,
        titleId: `brief-${b.entry.slug}`,
      })),
    });
    const meta = {
      title: pack.title,
      subtitle: pack.subtitle,
      author: [...new Set(chosen.map((b) => b.doc.meta.author))].join(', '),
      summary: chosen.map((b) => b.doc.meta.title).join(' · '),
      keywords: [...new Set(chosen.flatMap((b) => b.doc.meta.keywords))],
      lang: pack.lang,
    };
    const data = await printPaged(await input.browser(), html, { meta, creator: input.generator, date: builtOn, revision: stamp }, {
      serve: assets.fonts.files,
      onBlocked: (url) => input.warn(`pack.pdf: refused a request to ${url}`),
      warn: (message) => input.warn(`pack.pdf: ${message}`),
    });
    files.push({ path: 'pack.pdf', data });
    trace('pack.pdf made');
  }
  for (const f of files) manifestFiles.push(manifestFile(f.path, f.data, { brief: null, edition: pack.lang, revision: stamp }));

  const sizeOf = new Map(manifestFiles.map((f) => [f.path, f.bytes]));
  const names = packLabels.outputNames as Record<string, string>;
  const index = assets.render('pack-index', {
    ...base,
    styles: styles(assets.fonts.inlineCss),
    packFiles: [
      ...files.map((f) => ({ href: f.path, label: names[f.path] ?? f.path, size: kB(f.data.byteLength) })),
      { href: archiveName, label: names.archive, size: '' },
      { href: 'manifest.json', label: names['manifest.json'], size: '' },
    ],
    briefs: [...new Set(briefs.map((b) => b.entry.base))].map((baseSlug) => {
      const editions = briefs.filter((b) => b.entry.base === baseSlug);
      const main = editions.find((b) => b.doc.meta.lang === pack.lang) ?? editions[0]!;
      return {
        base: baseSlug,
        title: main.doc.meta.title,
        organisation: main.doc.meta.organisation,
        asOf: main.doc.meta.asOf,
        editions: editions.map((b) => ({
          lang: b.doc.meta.lang,
          langName: packLabels.languageNames[b.doc.meta.lang],
          outputs: b.outputs.map((o) => ({ href: `${b.entry.slug}/${o.fileName}`, label: names[o.fileName] ?? o.fileName, size: kB(sizeOf.get(`${b.entry.slug}/${o.fileName}`) ?? 0) })),
        })),
      };
    }),
  });
  files.push({ path: 'index.html', data: encode(index) });
  manifestFiles.push(manifestFile('index.html', files.at(-1)!.data, { brief: null, edition: pack.lang, revision: stamp }));

  const manifest = encode(serializeManifest({ pack: { title: pack.title, slug: pack.slug, version, revision: stamp }, generator: input.generator, files: manifestFiles }));
  files.push({ path: 'manifest.json', data: manifest });
  trace('index and manifest made');
  archive.add(files);
  files.push({ path: archiveName, data: await archive.end() });
  trace('archive made');
  return files;
}
