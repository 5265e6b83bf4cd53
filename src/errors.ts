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

/** Every problem of one source, found in one run and reported together; the first stands for them all. */
export class BriefpackErrors extends BriefpackError {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super('CONTENT', diagnostics[0]!.message, diagnostics[0]!.place);
    this.diagnostics = diagnostics;
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

const systemCauses: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOTDIR: 'a file stands where a folder should be',
  EISDIR: 'a folder stands where a file should be',
  EEXIST: 'something of that name is in the way',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files',
  ELOOP: 'its symbolic links lead round in a loop',
  ENAMETOOLONG: 'its name is too long',
};

/** A file system error's cause in words (`permission denied`), or its own message. */
export function systemCause(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return (e?.code && systemCauses[e.code]) || (e instanceof Error ? e.message : String(error));
}

/**
 * What went wrong, in words, for an error the user can act on: a BriefpackError's message, or a file
 * system error's cause and path (`cannot write dist/iom/brief.pdf: permission denied`). Anything else
 * is briefpack's own fault: its message, and the stack only when BRIEFPACK_DEBUG is set.
 */
export function describeError(error: unknown, shownPath: (file: string) => string = (f) => f): string {
  if (error instanceof BriefpackError) return error.message;
  const e = error as NodeJS.ErrnoException;
  // mkdir meets a file where it would make a folder.
  const cause = e?.code === 'EEXIST' && e.syscall === 'mkdir' ? systemCauses.ENOTDIR : e?.code ? systemCauses[e.code] : undefined;
  if (cause) {
    const verb = e.syscall && /open|write|rename|mkdir|unlink|rm|copy/.test(e.syscall) ? 'cannot write' : 'cannot read';
    return e.path ? `${verb} ${shownPath(e.path)}: ${cause}` : `${cause} (${e.syscall ?? e.code})`;
  }
  const message = e instanceof Error ? e.message : String(error);
  return `internal error, please report it: ${message}${process.env.BRIEFPACK_DEBUG && e instanceof Error ? `\n${e.stack}` : ' (BRIEFPACK_DEBUG=1 shows where)'}`;
}
