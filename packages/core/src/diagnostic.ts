import type { ErrorCode } from './error-codes.js';

/** A tolerable deviation a reader found and worked around (or let pass). */
export interface Diagnostic {
  readonly code: ErrorCode;
  readonly message: string;
  readonly severity: 'warning' | 'error';
  readonly path?: string;
  readonly tag?: string;
}

/** A reader result: the value plus what it had to tolerate. */
export interface WithDiagnostics<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}
