// Shared helpers of the benchmark scripts: run a command, time it, measure peak RSS, ensure data.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const REPO = join(BENCH_DIR, '..');
export const PY = '/usr/bin/python3';

/** Generates the 200-slice 512×512 synthetic CT series once (bench/data/ct200). */
export function ensureSeries(name = 'ct200', rows = 512, slices = 200) {
  const out = join(BENCH_DIR, 'data', name);
  if (!existsSync(out)) {
    execFileSync(PY, [join(BENCH_DIR, 'make_ct_series.py'), '--out', out, '--rows', String(rows), '--slices', String(slices)], { stdio: 'inherit' });
  }
  return out;
}

/** Runs a command under GNU time; returns { seconds, maxRssMb, stdout }. */
export function timed(cmd, args, options = {}) {
  const t = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, ...options });
  const seconds = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  return { seconds, maxRssMb: Number(lines[lines.length - 1]) / 1024, stdout: r.stdout };
}

export const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
export const fmt = (x, d = 3) => x.toFixed(d);
