import { ERROR_CODES } from './error-codes.js';

/** Renders `docs/errors.md` from {@link ERROR_CODES}: one table row per code, in catalogue order. */
export function renderErrorDocs(): string {
  const rows = Object.entries(ERROR_CODES).map(([code, summary]) => `| \`${code}\` | ${summary.replace(/\|/g, '\\|')} |`);
  return [
    '# Medlens error codes',
    '',
    'Every `MedlensError` carries one of these stable codes (`error.code`), a message that says what to',
    'do, and `details` naming the file, DICOM tag, header field or byte offset. The CLI prints',
    '`CODE: path tag: message` on stderr and exits 1 for input failures, 2 for bad usage.',
    '',
    'This file is generated from `packages/core/src/error-codes.ts` by `node scripts/write-error-docs.mjs`',
    '(after `npm run build`); a test fails when the two differ.',
    '',
    '| code | when |',
    '|---|---|',
    ...rows,
    '',
  ].join('\n');
}
