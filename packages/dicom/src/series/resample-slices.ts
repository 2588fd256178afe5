import type { ResamplePlan } from './determine-slice-layout.js';

/**
 * Resamples a stack of source slices (k order, `columns × rows` each, single component) onto the
 * regular grid of `outputSlices` planes spaced `spacingK` mm along the normal.
 *
 * Output plane k lies at k·spacingK along the normal from the first slice. Its value at pixel
 * (i, j) interpolates linearly between the two source slices whose planes bracket it; in each of
 * them the point on the same normal line is at (i + shift_i, j + shift_j), read bilinearly (the
 * shift is zero without tilt, which makes the in-plane step exact). Points that fall outside a
 * source slice take `fill` (the caller passes the minimum of the data, i.e. background).
 */
export function resampleSlices(
  source: Float32Array,
  columns: number,
  rows: number,
  plan: ResamplePlan,
  outputSlices: number,
  spacingK: number,
  fill: number,
): Float32Array {
  const plane = columns * rows;
  const out = new Float32Array(plane * outputSlices);
  const offsets = plan.planeOffsets;
  const last = offsets.length - 1;
  let m = 0;
  for (let k = 0; k < outputSlices; k++) {
    const z = k * spacingK;
    while (m < last - 1 && offsets[m + 1]! < z) m++;
    const m1 = Math.min(m + 1, last);
    const span = offsets[m1]! - offsets[m]!;
    const t = span > 0 ? Math.min(1, Math.max(0, (z - offsets[m]!) / span)) : 0;
    const target = out.subarray(k * plane, (k + 1) * plane);
    sampleInto(target, source.subarray(m * plane, (m + 1) * plane), columns, rows, plan.shifts[m]!, 1 - t, fill, false);
    if (t > 0) sampleInto(target, source.subarray(m1 * plane, (m1 + 1) * plane), columns, rows, plan.shifts[m1]!, t, fill, true);
  }
  return out;
}

/** target (+)= weight · bilinear(slice, i + shift[0], j + shift[1]). */
function sampleInto(
  target: Float32Array,
  slice: Float32Array,
  columns: number,
  rows: number,
  shift: readonly [number, number],
  weight: number,
  fill: number,
  accumulate: boolean,
): void {
  const [si, sj] = shift;
  const integral = Math.abs(si - Math.round(si)) < 1e-6 && Math.abs(sj - Math.round(sj)) < 1e-6;
  for (let j = 0; j < rows; j++) {
    const y = j + sj;
    const y0 = Math.floor(y);
    const fy = y - y0;
    for (let i = 0; i < columns; i++) {
      const x = i + si;
      let v: number;
      if (integral) {
        const xi = Math.round(x);
        const yi = Math.round(y);
        v = xi >= 0 && xi < columns && yi >= 0 && yi < rows ? slice[yi * columns + xi]! : fill;
      } else {
        const x0 = Math.floor(x);
        const fx = x - x0;
        v = bilinear(slice, columns, rows, x0, y0, fx, fy, fill);
      }
      const o = j * columns + i;
      target[o] = accumulate ? target[o]! + weight * v : weight * v;
    }
  }
}

function bilinear(s: Float32Array, columns: number, rows: number, x0: number, y0: number, fx: number, fy: number, fill: number): number {
  const at = (x: number, y: number): number => (x >= 0 && x < columns && y >= 0 && y < rows ? s[y * columns + x]! : fill);
  // A point within 1e-6 of a pixel centre of an edge row/column is inside the slice.
  if (x0 === columns - 1 && fx < 1e-6) fx = 0;
  if (y0 === rows - 1 && fy < 1e-6) fy = 0;
  const a = at(x0, y0);
  const b = fx > 0 ? at(x0 + 1, y0) : a;
  const c = fy > 0 ? at(x0, y0 + 1) : a;
  const d = fx > 0 && fy > 0 ? at(x0 + 1, y0 + 1) : fx > 0 ? b : c;
  return (a * (1 - fx) + b * fx) * (1 - fy) + (c * (1 - fx) + d * fx) * fy;
}
