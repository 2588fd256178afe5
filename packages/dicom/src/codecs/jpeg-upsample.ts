/**
 * Chroma upsampling as libjpeg (jdsample.c) does it by default ("fancy" triangular filters for
 * 2:1 horizontal and 2:1 horizontal+vertical; plain replication for other factors).
 * @packageDocumentation
 */

/**
 * Upsamples one component plane (`stride` samples per padded row, `width`×`height` valid) by
 * integer factors to `outWidth`×`outHeight`.
 */
export function upsampleComponent(src: Uint16Array, stride: number, width: number, height: number, fx: number, fy: number, outWidth: number, outHeight: number): Uint16Array {
  const out = new Uint16Array(outWidth * outHeight);
  if (fx === 1 && fy === 1) {
    for (let y = 0; y < outHeight; y++) out.set(src.subarray(y * stride, y * stride + outWidth), y * outWidth);
    return out;
  }
  const row = new Uint16Array(width * fx);
  if (fx === 2 && fy === 1 && width > 1) {
    for (let y = 0; y < outHeight; y++) {
      h2v1Row(src, y * stride, width, row);
      out.set(row.subarray(0, outWidth), y * outWidth);
    }
    return out;
  }
  if (fx === 2 && fy === 2 && width > 1) {
    for (let y = 0; y < outHeight; y++) {
      const sy = y >> 1;
      const ny = y & 1 ? Math.min(sy + 1, height - 1) : Math.max(sy - 1, 0);
      h2v2Row(src, sy * stride, ny * stride, width, row);
      out.set(row.subarray(0, outWidth), y * outWidth);
    }
    return out;
  }
  for (let y = 0; y < outHeight; y++) {
    const s = Math.min(Math.floor(y / fy), height - 1) * stride;
    for (let x = 0; x < outWidth; x++) out[y * outWidth + x] = src[s + Math.min(Math.floor(x / fx), width - 1)]!;
  }
  return out;
}

/** jdsample.c h2v1_fancy_upsample: 3/4 nearer + 1/4 further sample, alternating rounding. */
function h2v1Row(src: Uint16Array, p: number, width: number, out: Uint16Array): void {
  let v = src[p]!;
  out[0] = v;
  out[1] = (v * 3 + src[p + 1]! + 2) >> 2;
  for (let i = 1; i < width - 1; i++) {
    v = src[p + i]! * 3;
    out[2 * i] = (v + src[p + i - 1]! + 1) >> 2;
    out[2 * i + 1] = (v + src[p + i + 1]! + 2) >> 2;
  }
  v = src[p + width - 1]!;
  out[2 * width - 2] = (v * 3 + src[p + width - 2]! + 1) >> 2;
  out[2 * width - 1] = v;
}

/** jdsample.c h2v2_fancy_upsample: triangular filter using the nearer neighbouring row. */
function h2v2Row(src: Uint16Array, p: number, q: number, width: number, out: Uint16Array): void {
  let thiscolsum = src[p]! * 3 + src[q]!;
  let nextcolsum = src[p + 1]! * 3 + src[q + 1]!;
  out[0] = (thiscolsum * 4 + 8) >> 4;
  out[1] = (thiscolsum * 3 + nextcolsum + 7) >> 4;
  let lastcolsum = thiscolsum;
  thiscolsum = nextcolsum;
  for (let i = 1; i < width - 1; i++) {
    nextcolsum = src[p + i + 1]! * 3 + src[q + i + 1]!;
    out[2 * i] = (thiscolsum * 3 + lastcolsum + 8) >> 4;
    out[2 * i + 1] = (thiscolsum * 3 + nextcolsum + 7) >> 4;
    lastcolsum = thiscolsum;
    thiscolsum = nextcolsum;
  }
  out[2 * width - 2] = (thiscolsum * 3 + lastcolsum + 8) >> 4;
  out[2 * width - 1] = (thiscolsum * 4 + 7) >> 4;
}
