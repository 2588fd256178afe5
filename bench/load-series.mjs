// Benchmark (a): load a 200-slice 512×512 CT series into a float32 volume — pydicom+numpy vs Medlens.
// Target (issue 2): Medlens ≤ 0.3× pydicom's time; peak memory ≤ 1.5× the decoded volume + fixed overhead.
import { join } from 'node:path';
import { BENCH_DIR, PY, ensureSeries, fmt, median, timed } from './lib.mjs';

const series = ensureSeries();
const runs = 5;
const peer = timed(PY, [join(BENCH_DIR, 'peer_load_pydicom.py'), series, String(runs)]);
const ours = timed(process.execPath, ['--expose-gc', join(BENCH_DIR, 'medlens_load.mjs'), series, String(runs)]);
// Peak memory of one load in a fresh process (no warm-up, no earlier volumes waiting for the GC).
const single = timed(process.execPath, [join(BENCH_DIR, 'medlens_load.mjs'), series, '0']);
const p = JSON.parse(peer.stdout);
const o = JSON.parse(ours.stdout);
if (JSON.stringify(p.shape) !== JSON.stringify(o.shape) || Math.abs(p.sum - o.sum) > 1e-6 * Math.abs(p.sum)) {
  throw new Error(`results differ: pydicom ${JSON.stringify(p)} vs medlens ${JSON.stringify(o)}`);
}
const volumeMb = (o.shape.reduce((a, b) => a * b, 1) * 4) / 2 ** 20;
const rows = [
  ['pydicom 2.3 + numpy', median(p.seconds), peer.maxRssMb],
  ['medlens', median(o.seconds), ours.maxRssMb],
];
console.log(`\nload ${o.shape.join('×')} series → float32 (${fmt(volumeMb, 0)} MB), median of ${runs}, warm cache`);
console.log('| tool | seconds | peak RSS MB | ratio vs pydicom |\n|---|---|---|---|');
for (const [name, s, rss] of rows) console.log(`| ${name} | ${fmt(s)} | ${fmt(rss, 0)} | ${fmt(s / rows[0][1], 2)}× |`);
console.log(`target: ≤ 0.30× time. Peak RSS of one load in a fresh process: ${fmt(single.maxRssMb, 0)} MB = volume ${fmt(volumeMb, 0)} MB + ${fmt(single.maxRssMb - volumeMb, 0)} MB (Node, two worker threads, codecs); target ≤ 1.5× volume + fixed overhead`);
