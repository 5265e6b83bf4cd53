/** Where a problem sits in a source file; 1-based like every editor. */
export interface SourcePlace {
  file: string;
  line?: number;
  column?: number;
}

/** Exit codes the CLI maps errors to. */
export const exitCodes = {
  CONTENT: 1,
  CONFIG: 1,
  BROWSER_NOT_FOUND: 1,
  RENDER: 1,
  USAGE: 2,
} as const;

export type ErrorCode = keyof typeof exitCodes;

/** An error meant for the user: a code, a message saying how to fix it, and where, if known. */
export class BriefpackError extends Error {
  readonly code: ErrorCode;
  readonly place: SourcePlace | undefined;

  constructor(code: ErrorCode, message: string, place?: SourcePlace, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BriefpackError';
    this.code = code;
    this.place = place;
  }
}

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  message: string;
  place: SourcePlace;
  rule?: string;
}

/** `content/iom.md:12:3 error message [rule]`, the form compilers use, so editors can jump to it. */
export function formatDiagnostic(d: Diagnostic): string {
  const { file, line, column } = d.place;
  const where = line ? `${file}:${line}:${column ?? 1}` : file;
  return `${where} ${d.severity} ${d.message}${d.rule ? ` [${d.rule}]` : ''}`;
}
