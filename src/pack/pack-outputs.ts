import type { BrowserSession } from '../browser/browser.js';
import { BriefpackError } from '../errors.js';
import { formatLabel } from '../formats/format.js';
import { readHtml } from '../read-back/read-outputs.js';
import { sha256Hex } from '../hash.js';
import { formatDate, labelsOf, languageName, type Lang } from '../locale.js';
import type { TocEntry } from '../model.js';
import { printPaged } from '../pdf/print-paged.js';
import type { RenderAssets } from '../render/assets.js';
import { nestToc, templateStyles } from '../render/context.js';
import { printedText } from '../render/printed-text.js';
import { safe } from '../render/templates.js';
import { trace } from '../trace.js';
import { startArchive, type ArchiveFile, type PackArchive } from './archive.js';
import type { BuiltBrief, PackBrief } from './built-brief.js';
import type { PackDefinition } from './definition.js';
import { manifestFile, packRevision, serializeManifest, type ManifestFile } from './manifest.js';
import { prefixedHtml } from './prefix-ids.js';

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

/** A built brief's files as the zip lists them. */
export const briefArchiveFiles = (b: BuiltBrief): ArchiveFile[] =>
  b.outputs.map((o) => ({ path: `${b.entry.slug}/${o.format.fileName}`, data: o.data, compressed: o.format.compressed }));

export interface PackFile extends ArchiveFile {
  /** Relative to the output folder. */
  path: string;
}

/** Of a brief's editions, the one in `lang`, else its first (the main file). */
function editionIn<T extends PackBrief>(editions: readonly T[], lang: Lang): T {
  return editions.find((b) => b.doc.meta.lang === lang) ?? editions[0]!;
}

/** The pack's briefs by base slug, in pack order: each with its editions. */
const byBrief = <T extends PackBrief>(briefs: readonly T[]): T[][] =>
  [...new Set(briefs.map((b) => b.entry.base))].map((baseSlug) => briefs.filter((b) => b.entry.base === baseSlug));

const kB = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} kB`;
const encode = (s: string) => new TextEncoder().encode(s);

/** The pack's revision: its briefs' stamps, its version and the build date, hashed; `id`, the stamp less the date. */
function packStamp(input: PackInput & { briefs: readonly PackBrief[] }) {
  const builtOn = input.builtOn.toISOString().slice(0, 10);
  const stamp = packRevision(input.briefs.map((b) => b.stamp), input.version, builtOn);
  return { stamp, id: stamp.slice(0, -` · ${builtOn}`.length), builtOn };
}

const base = (input: PackInput & { briefs: readonly PackBrief[] }) => ({
  pack: { ...input.pack, version: input.version },
  labels: labelsOf(input.pack.lang),
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
  const chosen = byBrief(briefs).map((editions) => editionIn(editions, pack.lang));
  const toc: TocEntry[] = chosen.flatMap((b) => [
    { id: `brief-${b.entry.slug}`, depth: 1, title: b.doc.meta.title, lang: b.doc.meta.lang },
    ...b.doc.toc.map((t) => ({ ...t, id: `${b.entry.slug}--${t.id}`, lang: b.doc.meta.lang })),
  ]);
  const context = base(input);
  // Every face its briefs need, each chosen in its brief's language, and the pack's own words'; served
  // whole, since Chromium embeds only the glyphs the pages show.
  const choices = await Promise.all([
    assets.fonts.choose(JSON.stringify([pack.title, pack.subtitle, context.labels, formatDate(context.revision.builtOn, pack.lang)]), pack.lang),
    ...chosen.map((b) => assets.fonts.choose(`${b.doc.source}\n${printedText(b.doc, context.revision.builtOn)}`, b.doc.meta.lang)),
  ]);
  const fonts = await assets.fonts.fontSet(choices, { cut: false });
  const html = assets.render('pack', {
    ...context,
    toc: nestToc(toc),
    styles: templateStyles(assets.templates, fonts.servedCss),
    briefs: chosen.map((b, i) => ({
      meta: b.doc.meta,
      facts: b.doc.facts,
      labels: labelsOf(b.doc.meta.lang),
      body: safe(prefixedHtml(b.doc.tree, `${b.entry.slug}--`)),
      pageName: `bp-brief-${i + 1}`,
      titleId: `brief-${b.entry.slug}`,
    })),
  });
  const meta = {
    title: pack.title,
    subtitle: pack.subtitle,
    author: [...new Set(chosen.flatMap((b) => (b.doc.meta.author ? [b.doc.meta.author] : [])))].join(', ') || null,
    summary: chosen.map((b) => b.doc.meta.title).join(' · '),
    keywords: [...new Set(chosen.flatMap((b) => b.doc.meta.keywords))],
    lang: pack.lang,
  };
  const data = await printPaged(await input.browser(), html, { meta, creator: input.generator, date: input.builtOn, revision: context.revision.stamp }, {
    serve: fonts.files,
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
  const packLabels = labelsOf(pack.lang);
  const context = base(input);
  const { stamp } = context.revision;
  const files: PackFile[] = [];

  const manifestFiles: ManifestFile[] = briefs.flatMap((b) =>
    b.outputs.map((o) => manifestFile(`${b.entry.slug}/${o.format.fileName}`, o.data, o.sha256, { brief: b.entry.base, edition: b.doc.meta.lang, revision: b.stamp })),
  );
  const packFile = (path: string, data: Uint8Array) => manifestFile(path, data, sha256Hex(data), { brief: null, edition: pack.lang, revision: stamp });

  const archiveName = packArchiveName(pack, version);
  // A build adds each brief's outputs as it goes; the pack's own files follow them.
  const archive = input.archive ?? startPackArchive(input);
  if (!input.archive) archive.add(briefs.flatMap(briefArchiveFiles));

  const packPdf = await input.packPdf;
  if (packPdf) {
    files.push({ path: 'pack.pdf', data: packPdf, compressed: true });
    manifestFiles.push(packFile('pack.pdf', packPdf));
  }

  const indexHtml = (fontsCss: string) => assets.render('pack-index', {
    ...context,
    styles: templateStyles(assets.templates, fontsCss),
    packFiles: [
      ...(packPdf ? [{ href: 'pack.pdf', label: packLabels.packFiles['pack.pdf'], size: kB(packPdf.byteLength) }] : []),
      { href: archiveName, label: packLabels.packFiles.archive, size: '' },
      { href: 'manifest.json', label: packLabels.packFiles['manifest.json'], size: '' },
    ],
    briefs: byBrief(briefs).map((editions) => {
      const main = editionIn(editions, pack.lang);
      return {
        base: main.entry.base,
        lang: main.doc.meta.lang,
        title: main.doc.meta.title,
        organisation: main.doc.meta.organisation,
        asOf: main.doc.meta.asOf,
        editions: editions.map((b) => ({
          lang: b.doc.meta.lang,
          langName: languageName(b.doc.meta.lang, pack.lang),
          outputs: b.outputs.map((o) => ({ href: `${b.entry.slug}/${o.format.fileName}`, label: formatLabel(o.format, pack.lang), size: kB(o.data.byteLength) })),
        })),
      };
    }),
  });
  // Inlined, the faces its characters need, cut to them.
  const index = indexHtml((await assets.fonts.fontSet([await assets.fonts.choose(indexHtml(''), pack.lang)], { cut: true })).inlineCss);
  // Checked as every brief's output is: a template overlay may have put something there that runs or loads.
  const { hazards, scripts } = readHtml(index);
  const found = [...hazards, ...scripts.map(() => 'a <script> element')];
  if (found.length > 0) throw new BriefpackError('RENDER', `index.html would run or load something when opened, nothing written: ${found.join('; ')}`, { file: assets.templates.origins.get('pack-index.hbs') ?? 'pack-index.hbs' });
  files.push({ path: 'index.html', data: encode(index), compressed: false });
  manifestFiles.push(packFile('index.html', files.at(-1)!.data));

  const manifest = encode(serializeManifest({ pack: { title: pack.title, slug: pack.slug, version, revision: stamp }, generator: input.generator, files: manifestFiles }));
  files.push({ path: 'manifest.json', data: manifest, compressed: false });
  trace('index and manifest made');
  archive.add(files);
  files.push({ path: archiveName, data: await archive.end(), compressed: true });
  trace('archive made');
  return files;
}
