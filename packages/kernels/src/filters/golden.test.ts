import { describe, expect, it } from 'vitest';
import { gaussianFilter, meanFilter, medianFilter } from './index.js';
import { caseLabel, goldenCases, goldenInput, goldenOutput, sha256 } from './golden.js';

// Tolerance for Gaussian/mean (float32 output vs scipy float64 on the same float32 input, cast to
// float32): each output is a convex combination (non-negative weights summing to 1) of at most a
// few hundred inputs, summed in float64 and rounded to float32 once per pass (3 passes). The error
// is then ≤ 3·2^-24 relative to the output plus float64 summation noise ≈ 1e-13·max|in|, so
// 1e-5 relative (with a floor of 1e-5·max|in| for outputs near zero) has ample margin yet catches
// any wrong weight, boundary index or radius (those change values at the 1e-2 level).
const REL = 1e-5;

function maxAbsFinite(a: ArrayLike<number>): number {
  let m = 0;
  for (let n = 0; n < a.length; n++) {
    const v = Math.abs(a[n]!);
    if (Number.isFinite(v) && v > m) m = v;
  }
  return m;
}

describe('filters match scipy.ndimage golden outputs', () => {
  it('has fixtures for every kernel', () => {
    for (const k of ['gaussian', 'mean', 'median']) expect(goldenCases.some((c) => c.kernel === k)).toBe(true);
  });

  it.each(goldenCases.map((c) => [caseLabel(c), c] as const))('%s', (_label, c) => {
    const input = goldenInput(c.input);
    const before = sha256(input.data);
    const ref = goldenOutput(c);
    const opts = c.options as never;
    const out = c.kernel === 'gaussian' ? gaussianFilter(input, opts) : c.kernel === 'mean' ? meanFilter(input, opts) : medianFilter(input, opts);
    expect(sha256(input.data)).toBe(before);
    expect(out.geometry).toEqual(input.geometry);
    expect(out.data.length).toBe(ref.length);
    if (c.kernel === 'median') {
      expect(out.data.constructor).toBe(input.data.constructor);
      let mismatches = 0;
      for (let n = 0; n < ref.length; n++) {
        const a = out.data[n]!;
        const b = ref[n]!;
        if (!(a === b || (Number.isNaN(a) && Number.isNaN(b)))) mismatches++;
      }
      expect(mismatches).toBe(0);
      return;
    }
    expect(out.data).toBeInstanceOf(Float32Array);
    const floor = REL * maxAbsFinite(input.data);
    let worst = 0;
    let nanMismatch = 0;
    for (let n = 0; n < ref.length; n++) {
      const a = out.data[n]!;
      const b = ref[n]!;
      if (Number.isNaN(a) || Number.isNaN(b)) {
        if (Number.isNaN(a) !== Number.isNaN(b)) nanMismatch++;
        continue;
      }
      worst = Math.max(worst, Math.abs(a - b) / Math.max(REL * Math.abs(b), floor));
    }
    expect(nanMismatch).toBe(0);
    expect(worst).toBeLessThanOrEqual(1);
  });
});
