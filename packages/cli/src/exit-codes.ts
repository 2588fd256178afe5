import { isMedlensError } from '@medlens/core';

/** Exit codes of every command (DESIGN.md): success, input failure, bad usage. */
export const EXIT = { OK: 0, INPUT_FAILURE: 1, USAGE: 2 } as const;

/** Error raised for bad command-line usage (exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Prints an error to stderr (code first) and returns the exit code it maps to. */
export function reportError(error: unknown, stderr: NodeJS.WritableStream = process.stderr): number {
  if (error instanceof UsageError) {
    stderr.write(`medlens: ${error.message}\n`);
    return EXIT.USAGE;
  }
  if (isMedlensError(error)) {
    stderr.write(`${error.describe()}\n`);
    return error.code.startsWith('USAGE_') ? EXIT.USAGE : EXIT.INPUT_FAILURE;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  stderr.write(`medlens: internal error: ${message}\n`);
  return EXIT.INPUT_FAILURE;
}
