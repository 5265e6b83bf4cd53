import type { BrowserSession } from '../browser/browser.js';
import type { RenderAssets } from '../build/render-brief.js';
import type { BriefDocument, TocEntry } from '../model.js';
import { printPaged } from '../pdf/print-paged.js';
import { nestToc, templateStyles } from '../render/context.js';
import { labels } from '../render/labels.js';
import { safe } from '../render/templates.js';
import { startArchive, type PackArchive } from './archive.js';
import type { BriefEntry } from './briefs.js';
import type { PackDefinition } from './definition.js';
import { manifestFile, packRevision, serializeManifest, type ManifestFile } from './manifest.js';
import { prefixedHtml } from './prefix-ids.js';
import { subsetCovers } from '../render/font-subset.js';
import { trace } from '../trace.js';

/** A brief edition as parsed: what pack.pdf is made from. */
export interface PackBrief {
  entry: BriefEntry;
  doc: BriefDocument;
  /** The revision stamp its outputs carry. */
  stamp: string;
}

/** A brief edition as built: what the pack's other files are made from. */
export interface BuiltBrief extends PackBrief {
  outputs: ReadonlyArray<{ fileName: string; data: Uint8Array }>;
}

interface PackInput {
  pack: PackDefinition;
  version: string;
  assets: RenderAssets;
  generator: string;
  builtOn: Date;
  warn: (message: string) => void;
}

export interface PackPdfInput extends PackInput {
  briefs: readonly PackBrief[];
  browser: () => Promise<BrowserSession>;
}

export interface PackOutputsInput extends PackInput {
  briefs: readonly BuiltBrief[];
  /** pack.pdf, when the pack has one; it may still be printing. */
  packPdf?: Promise<Uint8Array | undefined>;
  /** The zip, its briefs' outputs already added in the briefs' order (`briefArchiveFiles`); else made here. */
  archive?: PackArchive;
}

export const packArchiveName = (pack: PackDefinition, version: string) => `${pack.slug}-${version}.zip`;

/** The zip of the pack, to which a build adds each brief's outputs as soon as they are made. */
export const startPackArchive = (input: Pick<PackInput, 'pack' | 'version' | 'builtOn'>): PackArchive =>
  startArchive(packArchiveName(input.pack, input.version).replace(/\.zip$/, ''), input.builtOn);

/** A built brief's files as the zip and the manifest list them. */
export const briefArchiveFiles = (b: BuiltBrief) => b.outputs.map((o) => ({ path: `${b.entry.slug}/${o.fileName}`, data: o.data }));

export interface PackFile {
  /** Relative to the output folder. */
  path: string;
  data: Uint8Array;
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} kB`;
const encode = (s: string) => new TextEncoder().encode(s);

/** The pack's revision: its briefs' stamps, its version and the build date, hashed. */
function packStamp(input: PackInput & { briefs: readonly PackBrief[] }) {
  const builtOn = input.builtOn.toISOString().slice(0, 10);
  return { stamp: packRevision(input.briefs.map((b) => b.stamp), input.version, builtOn), builtOn };
}

const base = (input: PackInput & { briefs: readonly PackBrief[] }) => ({
  pack: { ...input.pack, version: input.version },
  labels: labels[input.pack.lang],
  revision: packStamp(input),
  generator: input.generator,
});

/**
 * pack.pdf: a cover, one contents with page numbers, then one edition of every brief (the pack's
 * language where there is one), pages numbered across. It needs the briefs parsed, not built, so a
 * build prints it while the briefs render.
 */
export async function renderPackPdf(input: PackPdfInput): Promise<Uint8Array> {
  const { pack, briefs, assets } = input;
  const chosen = [...new Set(briefs.map((b) => b.entry.base))].map(
    (baseSlug) => briefs.find((b) => b.entry.base === baseSlug && b.doc.meta.lang === pack.lang) ?? briefs.find((b) => b.entry.base === baseSlug)!,
  );
  const toc: TocEntry[] = chosen.flatMap((b) => [
    { id: `brief-${b.entry.slug}`, depth: 1, title: b.doc.meta.title },
    ...b.doc.toc.map((t) => ({ ...t, id: `${b.entry.slug}--${t.id}` })),
  ]);
  const context = base(input);
  const html = assets.render('pack', {
    ...context,
    toc: nestToc(toc),
    styles: templateStyles(assets.templates, assets.fonts.servedCss),
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
  const data = await printPaged(await input.browser(), html, { meta, creator: input.generator, date: input.builtOn, revision: context.revision.stamp }, {
    serve: assets.fonts.files,
    onBlocked: (url) => input.warn(`pack.pdf: refused a request to ${url}`),
    warn: (message) => input.warn(`pack.pdf: ${message}`),
  });
  trace('pack.pdf made');
  return data;
}

/**
 * The pack's own files, from its built briefs: pack.pdf when given, index.html (every output, with
 * sizes), manifest.json (every file, hashed) and the zip of all of them. Given the same briefs and
 * date, the same bytes.
 */
export async function renderPackOutputs(input: PackOutputsInput): Promise<PackFile[]> {
  const { pack, version, briefs, assets } = input;
  const packLabels = labels[pack.lang];
  const context = base(input);
  const { stamp } = context.revision;
  const files: PackFile[] = [];

  const manifestFiles: ManifestFile[] = briefs.flatMap((b) =>
    briefArchiveFiles(b).map((f) => manifestFile(f.path, f.data, { brief: b.entry.base, edition: b.doc.meta.lang, revision: b.stamp })),
  );

  const archiveName = packArchiveName(pack, version);
  // A build adds each brief's outputs as it goes; the pack's own files follow them.
  const archive = input.archive ?? startPackArchive(input);
  if (!input.archive) archive.add(briefs.flatMap(briefArchiveFiles));

  const packPdf = await input.packPdf;
  if (packPdf) files.push({ path: 'pack.pdf', data: packPdf });
  for (const f of files) manifestFiles.push(manifestFile(f.path, f.data, { brief: null, edition: pack.lang, revision: stamp }));

  const sizeOf = new Map(manifestFiles.map((f) => [f.path, f.bytes]));
  const names = packLabels.outputNames as Record<string, string>;
  const indexHtml = (fontsCss: string) => assets.render('pack-index', {
    ...context,
    styles: templateStyles(assets.templates, fontsCss),
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
  // Inlined, the fonts' subsets when they carry every character of the page (its fonts are ASCII).
  const subsetIndex = assets.subsetFonts && indexHtml((await assets.subsetFonts()).inlineCss);
  const index = subsetIndex && subsetCovers(subsetIndex) ? subsetIndex : indexHtml(assets.fonts.inlineCss);
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
