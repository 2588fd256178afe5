import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
/** Repository root (packages/testing/{src,dist} → ../../..). */
export const REPO_ROOT = resolve(here, '..', '..', '..');

/**
 * The shared reference datasets folder: `MEDLENS_DATASETS` when set, else `../shared/datasets`
 * beside the repository. Returns undefined when absent (tests then skip, never pass).
 */
export function resolveDatasetsRoot(): string | undefined {
  const fromEnv = process.env['MEDLENS_DATASETS'];
  const candidates = fromEnv ? [resolve(fromEnv)] : [resolve(REPO_ROOT, '..', 'shared', 'datasets')];
  return candidates.find((c) => existsSync(c));
}

/** Path of a dataset sub-folder (`ibsi`, `dicom-corpus`, `lidc`), or undefined when absent. */
export function resolveDataset(name: 'ibsi' | 'dicom-corpus' | 'lidc', ...parts: string[]): string | undefined {
  const root = resolveDatasetsRoot();
  if (root === undefined) return undefined;
  const p = join(root, name, ...parts);
  return existsSync(p) ? p : undefined;
}

/** Folder of the bundled sample CT series. */
export const SAMPLE_DIR = join(REPO_ROOT, 'packages', 'testing', 'sample');
