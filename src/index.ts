// The public API: build programmatically, or use the pure stages on their own.
export { build, type BuildOptions, type BuildResult, type BuiltOutput } from './build/build.js';
export { briefFiles, loadProject, type Project } from './project/load-project.js';
export { checkPack, type CheckRow } from './check/check.js';
export { loadConfig, formatIds, type BriefpackConfig, type FormatId } from './config.js';
export { prepareFontSubsets } from './render/font-subset.js';
export { parseBrief, type ParsedBrief } from './content/parse-brief.js';
export { BriefpackError, formatDiagnostic, type Diagnostic } from './errors.js';
export { defineFormat, type Format, type FormatInput } from './formats/format.js';
export { formats } from './formats/registry.js';
export { labelTable, type Lang, type Labels } from './locale.js';
export type { BriefDocument, BriefMeta, Fact, Section, SlideBlock, SlideSection, TocEntry } from './model.js';
export { loadPackDefinition, type PackDefinition } from './pack/definition.js';
export { merge, type MergeOptions } from './build/merge.js';
export { startDev, type DevOptions, type DevSession } from './dev/dev.js';
