// Benchmark (b): DICOM series → .nii.gz — dcm2niix vs `medlens convert`, whole commands (start-up included).
// Target (issue 2): Medlens ≤ 1.0× dcm2niix's time.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, ensureSeries, fmt, median, timed } from './lib.mjs';

const series = ensureSeries();
const out = mkdtempSync(join(tmpdir(), 'medlens-bench-'));
const runs = 3;
const cli = join(REPO, 'packages', 'cli', 'bin', 'medlens.js');
const cases = [
  ['dcm2niix -z y (pigz)', () => timed('dcm2niix', ['-z', 'y', '-o', out, '-f', 'peer', series])],
  ['dcm2niix -z i (built-in gzip)', () => timed('dcm2niix', ['-z', 'i', '-o', out, '-f', 'peeri', series])],
  ['medlens convert', () => timed(process.execPath, [cli, 'convert', series, join(out, 'ours.nii.gz')])],
];
const results = cases.map(([name, run]) => {
  run(); // warm
  const rs = Array.from({ length: runs }, run);
  return { name, seconds: median(rs.map((r) => r.seconds)), rss: Math.max(...rs.map((r) => r.maxRssMb)) };
});
const size = (f) => statSync(join(out, f)).size / 2 ** 20;
console.log(`\nconvert 512×512×200 CT series → .nii.gz, median of ${runs}, whole command`);
console.log('| tool | seconds | peak RSS MB | ratio vs dcm2niix -z y |\n|---|---|---|---|');
for (const r of results) console.log(`| ${r.name} | ${fmt(r.seconds)} | ${fmt(r.rss, 0)} | ${fmt(r.seconds / results[0].seconds, 2)}× |`);
console.log(`output sizes: dcm2niix ${fmt(size('peer.nii.gz'), 1)} MB, medlens ${fmt(size('ours.nii.gz'), 1)} MB`);
rmSync(out, { recursive: true, force: true });
