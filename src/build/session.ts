import { launchBrowser, type BrowserSession } from '../browser/browser.js';
import { findBrowser } from '../browser/find-browser.js';
import { BriefpackError, describeError, type Diagnostic } from '../errors.js';
import type { FormatId } from '../formats/registry.js';
import { trace } from '../trace.js';

/** A file a build or merge wrote. */
export interface BuiltOutput {
  /** The brief's slug; empty for the pack's own files. */
  slug: string;
  format: FormatId | 'pack';
  path: string;
  bytes: number;
  ms: number;
}

export interface BuildResult {
  outputs: BuiltOutput[];
  diagnostics: Diagnostic[];
  ok: boolean;
}

export interface SessionOptions {
  /** Every warning is an error: nothing it concerns is written. */
  strict?: boolean;
  browserPath?: string;
  /** A browser already starting (the command line starts it first thing); the session stops it. */
  browserLaunch?: Promise<BrowserSession>;
  env?: NodeJS.ProcessEnv;
  onOutput?: (output: BuiltOutput) => void;
  onDiagnostic?: (d: Diagnostic) => void;
}

/**
 * What a build and a merge share: the diagnostics and outputs they report as they go, and one
 * browser, started on first use (or early, by calling `browser()`) and always stopped at the end.
 */
export async function withBuildSession(
  options: SessionOptions,
  work: (session: { report: (d: Diagnostic) => void; wrote: (o: BuiltOutput) => void; browser: () => Promise<BrowserSession>; failed: () => boolean }) => Promise<void>,
): Promise<BuildResult> {
  const diagnostics: Diagnostic[] = [];
  const outputs: BuiltOutput[] = [];
  const report = (reported: Diagnostic) => {
    const d = options.strict && reported.severity === 'warning' ? { ...reported, severity: 'error' as const, message: `${reported.message} (an error in strict mode)` } : reported;
    diagnostics.push(d);
    options.onDiagnostic?.(d);
  };
  const wrote = (o: BuiltOutput) => {
    outputs.push(o);
    options.onOutput?.(o);
  };
  const failed = () => diagnostics.some((d) => d.severity === 'error');
  let browserPromise: Promise<BrowserSession> | undefined = options.browserLaunch;
  const browser = () => (browserPromise ??= findBrowser({ explicit: options.browserPath, env: options.env }).then(launchBrowser));
  try {
    await work({ report, wrote, browser, failed });
  } catch (error) {
    // Whatever stopped the work (a bad pack.yaml, an unwritable output folder) is reported, never thrown.
    report({ severity: 'error', message: describeError(error), place: (error instanceof BriefpackError && error.place) || { file: 'briefpack' } });
  } finally {
    if (browserPromise) {
      const session = await browserPromise.catch(() => undefined);
      await session?.close();
      trace('browser closed');
    }
  }
  return { outputs, diagnostics, ok: !failed() };
}
