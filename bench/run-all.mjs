// Runs every benchmark in this folder in one go; paste the printed tables into bench/README.md.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { BENCH_DIR } from './lib.mjs';

for (const script of ['load-series.mjs', 'convert-nifti.mjs', 'parse-dicom-parser.mjs', 'kernels-filters.mjs']) {
  execFileSync(process.execPath, ['--expose-gc', join(BENCH_DIR, script)], { stdio: 'inherit' });
}
