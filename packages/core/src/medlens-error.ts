import type { ErrorCode } from './error-codes.js';

/** Structured context carried by a {@link MedlensError}: which file, tag, field or offset. */
export interface MedlensErrorDetails {
  /** File the error is about. */
  path?: string;
  /** DICOM tag as `(gggg,eeee)`. */
  tag?: string;
  /** Header field or option name. */
  field?: string;
  /** Byte offset in the file or stream. */
  offset?: number;
  [key: string]: unknown;
}

/**
 * The one error class of Medlens. `code` is stable and catalogued in `docs/errors.md`; `message`
 * says what went wrong and what to do; `details` names the file/tag/field; `cause` keeps the original.
 */
export class MedlensError extends Error {
  readonly code: ErrorCode;
  readonly details: MedlensErrorDetails;

  constructor(code: ErrorCode, message: string, details: MedlensErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MedlensError';
    this.code = code;
    this.details = details;
  }

  /** Message prefixed with the file and tag, for CLI output. */
  describe(): string {
    const where = [this.details.path, this.details.tag, this.details.field].filter((x) => x !== undefined);
    return `${this.code}: ${where.length > 0 ? `${where.join(' ')}: ` : ''}${this.message}`;
  }

  /** Same error with extra details merged in (for adding the path at an outer layer). */
  withDetails(extra: MedlensErrorDetails): MedlensError {
    const e = new MedlensError(this.code, this.message, { ...this.details, ...extra }, { cause: this.cause });
    e.stack = this.stack;
    return e;
  }
}

/** True when `e` is a {@link MedlensError}, optionally with the given code. */
export function isMedlensError(e: unknown, code?: ErrorCode): e is MedlensError {
  return e instanceof MedlensError && (code === undefined || e.code === code);
}
