// Benchmark: header parsing of a 200-slice CT series — dicom-parser 1.8 vs the own parser of @medlens/dicom.
// Files are read into memory first (no I/O in the timings); each run parses all files and reads
// Rows, ImagePositionPatient and RescaleIntercept from each, so both parsers do comparable work.
// Median of 5 warm runs (after 3 warm-up runs); a run parses the series 10 times and reports the mean
// per series (one pass is only ~10 ms, too short to time alone). Needs `npx tsc -b packages/dicom` first.
// Usage: node bench/parse-dicom-parser.mjs [seriesDir]
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import dicomParser from 'dicom-parser';
import { parseDicom } from '@medlens/dicom';

const here = dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? join(here, 'data', 'ct200');
if (!existsSync(dir)) execFileSync('/usr/bin/python3', [join(here, 'make_ct_series.py'), '--out', dir], { stdio: 'inherit' });
const files = readdirSync(dir).sort().map((f) => new Uint8Array(readFileSync(join(dir, f))));
const megabytes = files.reduce((n, f) => n + f.length, 0) / 2 ** 20;

const runners = {
  'dicom-parser parseDicom': () => {
    let check = 0;
    for (const bytes of files) {
      const ds = dicomParser.parseDicom(bytes);
      check += ds.uint16('x00280010') + ds.floatString('x00200032', 2) + ds.floatString('x00281052');
    }
    return check;
  },
  'medlens parseDicom (full)': () => {
    let check = 0;
    for (const bytes of files) {
      const ds = parseDicom(bytes).dataset;
      check += ds.number('Rows') + ds.numbers('ImagePositionPatient')[2] + ds.number('RescaleIntercept');
    }
    return check;
  },
  'medlens parseDicom (untilPixelData)': () => {
    let check = 0;
    for (const bytes of files) {
      const ds = parseDicom(bytes, { untilPixelData: true }).dataset;
      check += ds.number('Rows') + ds.numbers('ImagePositionPatient')[2] + ds.number('RescaleIntercept');
    }
    return check;
  },
};

const PASSES = 10;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
let reference;
for (const [name, run] of Object.entries(runners)) {
  for (let i = 0; i < 3; i++) run();
  const times = [];
  let check;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    for (let k = 0; k < PASSES; k++) check = run();
    times.push((performance.now() - t0) / PASSES);
  }
  reference ??= check;
  if (Math.abs(check - reference) > 1e-6 * Math.abs(reference)) throw new Error(`${name}: checksum ${check} ≠ ${reference}`);
  results.push([name, median(times)]);
}
console.log(`\nparse ${files.length} files (${megabytes.toFixed(1)} MB) in memory, median of 5 warm runs, Node ${process.version}`);
console.log('| parser | ms per series | µs per file | vs dicom-parser |\n|---|---|---|---|');
for (const [name, ms] of results) {
  console.log(`| ${name} | ${ms.toFixed(1)} | ${((ms * 1000) / files.length).toFixed(0)} | ${(ms / results[0][1]).toFixed(2)}× |`);
}
