// The public API: build programmatically, or use the pure stages on their own.
export { build, briefFiles, type BuildOptions, type BuildResult, type BuiltOutput } from './build/build.js';
export { loadConfig, formatIds, type BriefpackConfig, type FormatId } from './config.js';
export { parseBrief, type ParsedBrief } from './content/parse-brief.js';
export { BriefpackError, formatDiagnostic, type Diagnostic } from './errors.js';
export { formats } from './formats/registry.js';
export type { BriefDocument, BriefMeta, Fact, Section, TocEntry } from './model.js';
