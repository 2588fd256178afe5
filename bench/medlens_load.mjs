// Medlens side of bench/load-series.mjs: scan + assemble a series into a float32 volume, in-process
// timing (Node start and imports excluded), warm page cache. Prints one JSON line.
import { scanDicomPaths, groupSeries, assembleVolume, DicomDecodePool } from '@medlens/dicom';

const [folder, runsArg] = process.argv.slice(2);
const runs = Number(runsArg ?? 3);
const pool = new DicomDecodePool();

async function load() {
  const scan = await scanDicomPaths([folder]);
  const series = groupSeries(scan.instances)[0].series[0];
  const stack = [...series.stacks].sort((a, b) => b.frames.length - a.frames.length)[0];
  return (await assembleVolume(stack, { pool })).value;
}

if (runs === 0) {
  // Single cold load (memory measurement): no warm-up, no repeats.
  const v = await load();
  await pool.close();
  console.log(JSON.stringify({ seconds: [], shape: [...v.geometry.size].reverse(), sum: 0 }));
  process.exit(0);
}
await load(); // warm page cache and worker start-up
const seconds = [];
let volume;
for (let r = 0; r < runs; r++) {
  // Drop the previous volume and collect outside the timed region, so each run measures one load
  // (the peer does the same with gc.collect()).
  volume = undefined;
  globalThis.gc?.();
  const t = performance.now();
  volume = await load();
  seconds.push((performance.now() - t) / 1000);
}
await pool.close();
let sum = 0;
for (const v of volume.data) sum += v;
console.log(JSON.stringify({ seconds, shape: [...volume.geometry.size].reverse(), sum }));
