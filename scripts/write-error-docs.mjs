// Writes docs/errors.md from the error catalogue in packages/core (after `npm run build`).
// `packages/core/src/error-codes.test.ts` fails when the two differ.
import { writeFileSync } from 'node:fs';
import { renderErrorDocs } from '../packages/core/dist/error-docs.js';

writeFileSync(new URL('../docs/errors.md', import.meta.url), renderErrorDocs());
