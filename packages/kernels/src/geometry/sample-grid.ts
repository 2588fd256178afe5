// Internal sampling engine of the resampling kernels: target index → source continuous index through
// an affine map, then nearest / trilinear / cubic B-spline interpolation. Not exported from the barrel.
import type { Vec3, Volume, VolumeGeometry, VoxelArray } from '@medlens/core';
import { allocateLike } from './volume-helpers.js';

/** Interpolation methods, as an `as const` object and its union. */
export const INTERPOLATIONS = { nearest: 'nearest', linear: 'linear', bspline3: 'bspline3' } as const;
export type Interpolation = (typeof INTERPOLATIONS)[keyof typeof INTERPOLATIONS];

/** Coordinates within this distance (voxels) of the domain edge or of an integer are snapped. */
const SNAP = 1e-7;

/**
 * Affine map target index → source continuous index, 12 numbers row-major [A | t]:
 * src = diag(1/s_src)·D_srcᵀ·(o_tgt − o_src + D_tgt·diag(s_tgt)·tgt).
 */
export function indexToIndexAffine(source: VolumeGeometry, target: VolumeGeometry): Float64Array {
  const m = new Float64Array(12);
  const ds = source.direction;
  const dt = target.direction;
  for (let r = 0; r < 3; r++) {
    const inv = 1 / source.spacing[r as 0 | 1 | 2];
    // Row r of D_srcᵀ is column r of D_src.
    const c0 = ds[3 * r]!;
    const c1 = ds[3 * r + 1]!;
    const c2 = ds[3 * r + 2]!;
    for (let c = 0; c < 3; c++) {
      m[4 * r + c] = (c0 * dt[3 * c]! + c1 * dt[3 * c + 1]! + c2 * dt[3 * c + 2]!) * target.spacing[c as 0 | 1 | 2] * inv;
    }
    const ox = target.origin[0] - source.origin[0];
    const oy = target.origin[1] - source.origin[1];
    const oz = target.origin[2] - source.origin[2];
    m[4 * r + 3] = (c0 * ox + c1 * oy + c2 * oz) * inv;
  }
  return m;
}

// ---- cubic B-spline prefilter (scipy.ndimage.spline_filter1d, order 3, mode 'mirror') ----
const POLE = Math.sqrt(3) - 2;
const GAIN = (1 - POLE) * (1 - 1 / POLE);

/** In-place prefilter of one line (scipy ni_splines.c: gain, mirror causal/anticausal init). */
function prefilterLine(c: Float64Array, n: number): void {
  if (n < 2) return;
  const z = POLE;
  for (let i = 0; i < n; i++) c[i]! *= GAIN;
  // _init_causal_mirror
  let zi = z;
  const zn1 = Math.pow(z, n - 1);
  let c0 = c[0]! + zn1 * c[n - 1]!;
  for (let i = 1; i < n - 1; i++) {
    c0 += zi * (c[i]! + zn1 * c[n - 1 - i]!);
    zi *= z;
  }
  c[0] = c0 / (1 - zn1 * zn1);
  for (let i = 1; i < n; i++) c[i] = c[i]! + z * c[i - 1]!;
  // _init_anticausal_mirror
  c[n - 1] = ((z * c[n - 2]! + c[n - 1]!) * z) / (z * z - 1);
  for (let i = n - 2; i >= 0; i--) c[i] = z * (c[i + 1]! - c[i]!);
}

/** B-spline coefficients of one channel, separable over the three axes (float64). */
export function prefilterBspline3(values: Float64Array, size: Vec3): Float64Array {
  const [ni, nj, nk] = size;
  const strides = [1, ni, ni * nj];
  const line = new Float64Array(Math.max(ni, nj, nk));
  for (let axis = 0; axis < 3; axis++) {
    const n = size[axis as 0 | 1 | 2];
    if (n < 2) continue;
    const stride = strides[axis]!;
    const [a, b] = axis === 0 ? [1, 2] : axis === 1 ? [0, 2] : [0, 1];
    for (let ib = 0; ib < size[b as 0 | 1 | 2]; ib++) {
      for (let ia = 0; ia < size[a as 0 | 1 | 2]; ia++) {
        const base = ia * strides[a]! + ib * strides[b]!;
        for (let q = 0, o = base; q < n; q++, o += stride) line[q] = values[o]!;
        prefilterLine(line, n);
        for (let q = 0, o = base; q < n; q++, o += stride) values[o] = line[q]!;
      }
    }
  }
  return values;
}

/** scipy 'mirror' extension (d c b | a b c d | c b a) of an index into [0, n − 1]. */
function mirrorIndex(t: number, n: number): number {
  if (t >= 0 && t < n) return t;
  if (n === 1) return 0;
  const period = 2 * n - 2;
  let r = t % period;
  if (r < 0) r += period;
  return r >= n ? period - r : r;
}

/** Snaps affine entries within 1e-9 of an integer, so that identical or integer-shifted grids map to exact integer indices. */
function snapAffine(m: Float64Array): Float64Array {
  const out = Float64Array.from(m);
  for (let n = 0; n < 12; n++) {
    const r = Math.round(out[n]!);
    if (Math.abs(out[n]! - r) < 1e-9) out[n] = r;
  }
  return out;
}

/** Row sampler: row[i] for target voxels i = 0…count−1 at source index (bx, by, bz) + i·(dx, dy, dz). */
type RowSampler = (values: Float64Array, ni: number, nj: number, nk: number, bx: number, by: number, bz: number, dx: number, dy: number, dz: number, count: number, fill: number, row: Float64Array) => void;

/**
 * Source voxel offsets (−1 outside the domain) for target voxels i = 0…count−1 at source index
 * (bx, by, bz) + i·(dx, dy, dz): map_coordinates order 0 rounds half up, floor(x + 0.5), then mode
 * 'nearest' clamps.
 */
function nearestRowOffsets(ni: number, nj: number, nk: number, bx: number, by: number, bz: number, dx: number, dy: number, dz: number, count: number, row: Int32Array): void {
  const sj = ni;
  const sk = ni * nj;
  const lo = -0.5 - SNAP;
  const hx = ni - 0.5 + SNAP;
  const hy = nj - 0.5 + SNAP;
  const hz = nk - 0.5 + SNAP;
  for (let i = 0; i < count; i++) {
    const x = bx + dx * i;
    const y = by + dy * i;
    const z = bz + dz * i;
    if (!(x >= lo && x <= hx && y >= lo && y <= hy && z >= lo && z <= hz)) {
      row[i] = -1;
      continue;
    }
    // x + 0.5 ≥ −SNAP here, so truncation (| 0) is floor or clamps −SNAP to 0.
    let xi = (x + 0.5) | 0;
    let yi = (y + 0.5) | 0;
    let zi = (z + 0.5) | 0;
    if (xi > ni - 1) xi = ni - 1;
    if (yi > nj - 1) yi = nj - 1;
    if (zi > nk - 1) zi = nk - 1;
    row[i] = xi + sj * yi + sk * zi;
  }
}

/** Trilinear; mode 'nearest' for order 1 equals clamping the coordinate to [0, n − 1]. */
function sampleRowLinear(values: Float64Array, ni: number, nj: number, nk: number, bx: number, by: number, bz: number, dx: number, dy: number, dz: number, count: number, fill: number, row: Float64Array): void {
  const sj = ni;
  const sk = ni * nj;
  const lo = -0.5 - SNAP;
  const hx = ni - 0.5 + SNAP;
  const hy = nj - 0.5 + SNAP;
  const hz = nk - 0.5 + SNAP;
  const cx = ni - 1;
  const cy = nj - 1;
  const cz = nk - 1;
  const ox = ni > 1 ? 1 : 0;
  const oy = nj > 1 ? sj : 0;
  const oz = nk > 1 ? sk : 0;
  const mx = Math.max(0, ni - 2);
  const my = Math.max(0, nj - 2);
  const mz = Math.max(0, nk - 2);
  for (let i = 0; i < count; i++) {
    let x = bx + dx * i;
    let y = by + dy * i;
    let z = bz + dz * i;
    if (!(x >= lo && x <= hx && y >= lo && y <= hy && z >= lo && z <= hz)) {
      row[i] = fill;
      continue;
    }
    x = x < 0 ? 0 : x > cx ? cx : x;
    y = y < 0 ? 0 : y > cy ? cy : y;
    z = z < 0 ? 0 : z > cz ? cz : z;
    // Coordinates are ≥ 0 here: truncation is floor.
    let x0 = x | 0;
    let y0 = y | 0;
    let z0 = z | 0;
    if (x0 > mx) x0 = mx;
    if (y0 > my) y0 = my;
    if (z0 > mz) z0 = mz;
    const fx = x - x0;
    const fy = y - y0;
    const fz = z - z0;
    const o = x0 + sj * y0 + sk * z0;
    const v000 = values[o]!;
    const v010 = values[o + oy]!;
    const v001 = values[o + oz]!;
    const v011 = values[o + oz + oy]!;
    const c00 = v000 + (values[o + ox]! - v000) * fx;
    const c10 = v010 + (values[o + oy + ox]! - v010) * fx;
    const c01 = v001 + (values[o + oz + ox]! - v001) * fx;
    const c11 = v011 + (values[o + oz + oy + ox]! - v011) * fx;
    const c0 = c00 + (c10 - c00) * fy;
    const c1 = c01 + (c11 - c01) * fy;
    row[i] = c0 + (c1 - c0) * fz;
  }
}

/** Cubic B-spline (coefficients in `values`), taps floor(x)−1 … floor(x)+2, mode 'mirror'. */
function sampleRowBspline(values: Float64Array, ni: number, nj: number, nk: number, bx: number, by: number, bz: number, dx: number, dy: number, dz: number, count: number, fill: number, row: Float64Array): void {
  const sj = ni;
  const sk = ni * nj;
  const w = new Float64Array(12);
  const tap = new Int32Array(12);
  for (let i = 0; i < count; i++) {
    const x = bx + dx * i;
    const y = by + dy * i;
    const z = bz + dz * i;
    if (!(x >= -0.5 - SNAP && x <= ni - 0.5 + SNAP && y >= -0.5 - SNAP && y <= nj - 0.5 + SNAP && z >= -0.5 - SNAP && z <= nk - 0.5 + SNAP)) {
      row[i] = fill;
      continue;
    }
    const xi = Math.floor(x);
    const yi = Math.floor(y);
    const zi = Math.floor(z);
    bsplineWeights(x - xi, w, 0);
    bsplineWeights(y - yi, w, 4);
    bsplineWeights(z - zi, w, 8);
    const inside = xi >= 1 && xi + 2 < ni && yi >= 1 && yi + 2 < nj && zi >= 1 && zi + 2 < nk;
    for (let t = 0; t < 4; t++) {
      tap[t] = inside ? xi - 1 + t : mirrorIndex(xi - 1 + t, ni);
      tap[4 + t] = sj * (inside ? yi - 1 + t : mirrorIndex(yi - 1 + t, nj));
      tap[8 + t] = sk * (inside ? zi - 1 + t : mirrorIndex(zi - 1 + t, nk));
    }
    const t0 = tap[0]!;
    const t1 = tap[1]!;
    const t2 = tap[2]!;
    const t3 = tap[3]!;
    const w0 = w[0]!;
    const w1 = w[1]!;
    const w2 = w[2]!;
    const w3 = w[3]!;
    let acc = 0;
    for (let c = 0; c < 4; c++) {
      let accY = 0;
      const oz = tap[8 + c]!;
      for (let b = 0; b < 4; b++) {
        const o = oz + tap[4 + b]!;
        accY += (values[o + t0]! * w0 + values[o + t1]! * w1 + values[o + t2]! * w2 + values[o + t3]! * w3) * w[4 + b]!;
      }
      acc += accY * w[8 + c]!;
    }
    row[i] = acc;
  }
}

/** Cubic B-spline weights of taps floor(x)−1 … floor(x)+2 for fraction t, written to w[o…o+3]. */
function bsplineWeights(t: number, w: Float64Array, o: number): void {
  const t2 = t * t;
  const t3 = t2 * t;
  const u = 1 - t;
  w[o] = (u * u * u) / 6;
  w[o + 1] = (4 - 6 * t2 + 3 * t3) / 6;
  w[o + 2] = (1 + 3 * t + 3 * t2 - 3 * t3) / 6;
  w[o + 3] = t3 / 6;
}

const ROW_SAMPLERS: Readonly<Record<'linear' | 'bspline3', RowSampler>> = { linear: sampleRowLinear, bspline3: sampleRowBspline };

/**
 * Samples one channel onto the target grid. `values`: for 'nearest' the source array itself (voxel n's
 * value at `values[n·srcStride + srcOffset]`, copied exactly), otherwise a float64 copy of the channel
 * (B-spline coefficients for 'bspline3') with srcStride 1, srcOffset 0. Domain: continuous source
 * index in [−0.5, n − 0.5] on every axis (the voxels' footprint, as ITK's IsInsideBuffer); outside it
 * the output is `fill`. Inside it the image is extended as scipy.ndimage.map_coordinates does with
 * mode 'nearest' (orders 0 and 1) or 'mirror' (order 3). Writes `out[outOffset + n·outStride]` for
 * target voxel n in i-fastest order. Rows are independent: a k-slab of the target can be computed alone.
 */
export function sampleChannel(
  values: VoxelArray | Float64Array,
  size: Vec3,
  targetSize: Vec3,
  affine: Float64Array,
  interpolation: Interpolation,
  fill: number,
  out: VoxelArray | Float64Array,
  outOffset: number,
  outStride: number,
  srcStride = 1,
  srcOffset = 0,
): void {
  const m = snapAffine(affine);
  const count = targetSize[0];
  const [ni, nj, nk] = size;
  let n = outOffset;
  if (interpolation === 'nearest') {
    const offsets = new Int32Array(count);
    for (let k = 0; k < targetSize[2]; k++) {
      for (let j = 0; j < targetSize[1]; j++) {
        nearestRowOffsets(ni, nj, nk, m[1]! * j + m[2]! * k + m[3]!, m[5]! * j + m[6]! * k + m[7]!, m[9]! * j + m[10]! * k + m[11]!, m[0]!, m[4]!, m[8]!, count, offsets);
        for (let i = 0; i < count; i++, n += outStride) {
          const o = offsets[i]!;
          out[n] = o < 0 ? fill : values[o * srcStride + srcOffset]!;
        }
      }
    }
    return;
  }
  const sampleRow = ROW_SAMPLERS[interpolation];
  const row = new Float64Array(count);
  const channel = values as Float64Array;
  for (let k = 0; k < targetSize[2]; k++) {
    for (let j = 0; j < targetSize[1]; j++) {
      sampleRow(channel, ni, nj, nk, m[1]! * j + m[2]! * k + m[3]!, m[5]! * j + m[6]! * k + m[7]!, m[9]! * j + m[10]! * k + m[11]!, m[0]!, m[4]!, m[8]!, count, fill, row);
      if (outStride === 1) {
        out.set(row, n);
        n += count;
      } else {
        for (let i = 0; i < count; i++, n += outStride) out[n] = row[i]!;
      }
    }
  }
}

/**
 * Resamples every channel of `volume` onto `target` (data only). Output element type: the input's
 * for 'nearest' (values copied), Float32Array otherwise.
 */
export function resampleData(volume: Volume, target: VolumeGeometry, interpolation: Interpolation, fill: number): VoxelArray {
  const { size } = volume.geometry;
  const m = indexToIndexAffine(volume.geometry, target);
  const count = volume.data.length / volume.components;
  const outCount = target.size[0] * target.size[1] * target.size[2];
  const nc = volume.components;
  if (interpolation === 'nearest') {
    const out = allocateLike(volume.data, outCount * nc);
    for (let c = 0; c < nc; c++) sampleChannel(volume.data, size, target.size, m, 'nearest', fill, out, c, nc, nc, c);
    return out;
  }
  const out = new Float32Array(outCount * nc);
  const channel = new Float64Array(count);
  for (let c = 0; c < volume.components; c++) {
    const src = volume.data;
    if (volume.components === 1) channel.set(src);
    else for (let n = 0, o = c; n < count; n++, o += volume.components) channel[n] = src[o]!;
    if (interpolation === 'bspline3') prefilterBspline3(channel, size);
    sampleChannel(channel, size, target.size, m, interpolation, fill, out, c, volume.components);
  }
  return out;
}
