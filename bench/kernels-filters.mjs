// Benchmark: smoothing filters on the 200×512×512 float32 CT volume — scipy.ndimage vs Medlens.
// Gaussian σ = 1 voxel (truncate 4, reflect) and median 3×3×3 (reflect), in-process timings (load and
// interpreter start excluded), median of RUNS runs each (env FILTER_RUNS, default 3; scipy's median
// runs: env SCIPY_MEDIAN_RUNS, default 3). Results are cross-checked through their sums.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { scanDicomPaths, groupSeries, assembleVolume, DicomDecodePool } from '@medlens/dicom';
import { BENCH_DIR, PY, ensureSeries, fmt, median } from './lib.mjs';

const kernels = await import('@medlens/kernels');
const { gaussianFilter, medianFilter } = kernels.gaussianFilter ? kernels : await import('../packages/kernels/dist/filters/index.js');

const runs = Number(process.env.FILTER_RUNS ?? 3);
const scipyMedianRuns = Number(process.env.SCIPY_MEDIAN_RUNS ?? 3);
const folder = ensureSeries();
const pool = new DicomDecodePool();
const scan = await scanDicomPaths([folder]);
const stack = [...groupSeries(scan.instances)[0].series[0].stacks].sort((a, b) => b.frames.length - a.frames.length)[0];
const volume = (await assembleVolume(stack, { pool })).value;
await pool.close();
const [nx, ny, nz] = volume.geometry.size;
const spacing = volume.geometry.spacing;

const sum = (a) => {
  let s = 0;
  for (let n = 0; n < a.length; n++) s += a[n];
  return s;
};
function time(fn) {
  const seconds = [];
  let out;
  for (let r = 0; r < runs; r++) {
    out = undefined;
    globalThis.gc?.();
    const t = performance.now();
    out = fn();
    seconds.push((performance.now() - t) / 1000);
  }
  return { seconds, sum: sum(out.data) };
}
const gauss = time(() => gaussianFilter(volume, { sigmaMm: [spacing[0], spacing[1], spacing[2]] }));
const med = time(() => medianFilter(volume, { radius: 1 }));

const dir = mkdtempSync(join(tmpdir(), 'medlens-filters-'));
let peer;
try {
  const raw = join(dir, 'volume.raw');
  writeFileSync(raw, volume.data);
  const args = [join(BENCH_DIR, 'peer_filters_scipy.py'), raw, nz, ny, nx, runs, scipyMedianRuns].map(String);
  peer = JSON.parse(execFileSync(PY, args, { encoding: 'utf8', maxBuffer: 1 << 20 }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const relDiff = (a, b) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-30);
if (relDiff(gauss.sum, peer.gaussianSum) > 1e-5 || relDiff(med.sum, peer.medianSum) > 1e-9) {
  throw new Error(`results differ: medlens sums ${gauss.sum} / ${med.sum}, scipy ${peer.gaussianSum} / ${peer.medianSum}`);
}
const rows = [
  ['Gaussian σ = 1 voxel (truncate 4, reflect)', median(peer.gaussian), median(gauss.seconds)],
  ['median 3×3×3 (reflect)', median(peer.median), median(med.seconds)],
];
console.log(`\nfilters on ${nx}×${ny}×${nz} float32 (${fmt((nx * ny * nz * 4) / 2 ** 20, 0)} MB), single-threaded, median of ${runs} (scipy median: ${scipyMedianRuns})`);
console.log(`| operation | scipy ${peer.scipy} s | medlens s | medlens / scipy |\n|---|---|---|---|`);
for (const [name, s, o] of rows) console.log(`| ${name} | ${fmt(s, 2)} | ${fmt(o, 2)} | ${fmt(o / s, 2)}× |`);
console.log(`sums agree: Gaussian rel. diff ${relDiff(gauss.sum, peer.gaussianSum).toExponential(1)}, median ${relDiff(med.sum, peer.medianSum).toExponential(1)}`);
