import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from './error-codes.js';
import { renderErrorDocs } from './error-docs.js';
import { MedlensError, isMedlensError } from './medlens-error.js';
import { REPO_ROOT } from '@medlens/testing';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

describe('error catalogue', () => {
  it('docs/errors.md equals the catalogue (run scripts/write-error-docs.mjs after adding a code)', () => {
    const docs = readFileSync(join(REPO_ROOT, 'docs', 'errors.md'), 'utf8');
    expect(docs).toBe(renderErrorDocs());
  });

  it('every code follows AREA_PROBLEM and every code used in the sources is catalogued', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(code).toMatch(/^[A-Z0-9]+(_[A-Z0-9]+)+$/);
    const used = new Set<string>();
    for (const file of sourceFiles(join(REPO_ROOT, 'packages'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/new MedlensError\(\s*'([A-Z0-9_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(0);
    for (const code of used) expect(isErrorCode(code), code).toBe(true);
  });

  it('isErrorCode has false cases', () => {
    expect(isErrorCode('DICOM_TRUNCATED')).toBe(true);
    expect(isErrorCode('NOT_A_CODE')).toBe(false);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('MedlensError carries code, details and cause', () => {
    const cause = new Error('inner');
    const e = new MedlensError('DICOM_TRUNCATED', 'file ends early', { path: '/x.dcm', tag: '(7fe0,0010)' }, { cause });
    expect(isMedlensError(e)).toBe(true);
    expect(isMedlensError(e, 'DICOM_TRUNCATED')).toBe(true);
    expect(isMedlensError(e, 'DICOM_NOT_DICOM')).toBe(false);
    expect(isMedlensError(new Error('x'))).toBe(false);
    expect(e.cause).toBe(cause);
    expect(e.describe()).toBe('DICOM_TRUNCATED: /x.dcm (7fe0,0010): file ends early');
    expect(e.withDetails({ path: '/y.dcm' }).details.path).toBe('/y.dcm');
  });
});
