// Internal: binary erosion/dilation with a row-decomposed structuring element (border value 0).
// The element is a union of rows {(di, dj, dk) : |di| ≤ w}. Erosion = AND over rows of the input
// eroded along i by w and shifted by (dj, dk); dilation = OR of the dilated rows. The 1D passes
// work on runs of ones, so the cost is O(N · rows) byte operations whatever the radius.
import type { Vec3 } from '@medlens/core';
import type { BallStructure } from './create-ball-structure.js';

/** 1D erosion (shrink = true) or dilation along i with half-width w, border 0. */
function alongRows(fg: Uint8Array, nx: number, w: number, shrink: boolean): Uint8Array {
  if (w === 0) return fg;
  const out = new Uint8Array(fg.length);
  for (let row = 0; row < fg.length; row += nx) {
    let i = 0;
    while (i < nx) {
      if (fg[row + i] === 0) {
        i++;
        continue;
      }
      let end = i;
      while (end + 1 < nx && fg[row + end + 1] === 1) end++;
      if (shrink) {
        // Run [i, end]: voxels whose whole window lies inside the run and inside the grid.
        const a = i + w;
        const b = end - w;
        if (a <= b) out.fill(1, row + a, row + b + 1);
      } else {
        out.fill(1, row + Math.max(0, i - w), row + Math.min(nx - 1, end + w) + 1);
      }
      i = end + 1;
    }
  }
  return out;
}

function combine(fg: Uint8Array, size: Vec3, ball: BallStructure, erode: boolean): Uint8Array {
  const [nx, ny, nz] = size;
  const rows = ball.rows;
  const passes = new Map<number, Uint8Array>();
  for (let q = 2; q < rows.length; q += 3) {
    const w = rows[q]!;
    if (!passes.has(w)) passes.set(w, alongRows(fg, nx, w, erode));
  }
  const out = new Uint8Array(fg.length);
  const words = nx % 4 === 0;
  const wordView = (a: Uint8Array): Uint32Array => new Uint32Array(a.buffer, a.byteOffset, a.byteLength >> 2);
  const outWords = wordView(out);
  const wordViews = new Map<Uint8Array, Uint32Array>();
  if (words) for (const a of passes.values()) wordViews.set(a, wordView(a));
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      const base = nx * (j + ny * k);
      let first = true;
      for (let q = 0; q < rows.length; q += 3) {
        const jj = j + rows[q]!;
        const kk = k + rows[q + 1]!;
        if (jj < 0 || jj >= ny || kk < 0 || kk >= nz) {
          if (erode) {
            // A row of the element falls outside the grid (border value 0): this output row is empty.
            out.fill(0, base, base + nx);
            first = false;
            break;
          }
          continue;
        }
        const src = passes.get(rows[q + 2]!)!;
        const sBase = nx * (jj + ny * kk);
        if (first) {
          out.set(src.subarray(sBase, sBase + nx), base);
          first = false;
        } else if (words) {
          // Rows start at multiples of 4 bytes: combine 4 voxels per operation.
          const srcWords = wordViews.get(src)!;
          const o = base >> 2;
          const so = sBase >> 2;
          const nw = nx >> 2;
          if (erode) for (let i = 0; i < nw; i++) outWords[o + i]! &= srcWords[so + i]!;
          else for (let i = 0; i < nw; i++) outWords[o + i]! |= srcWords[so + i]!;
        } else if (erode) {
          for (let i = 0; i < nx; i++) out[base + i]! &= src[sBase + i]!;
        } else {
          for (let i = 0; i < nx; i++) out[base + i]! |= src[sBase + i]!;
        }
      }
    }
  }
  return out;
}

/** Erosion with border 0: out = 1 iff every element offset lands on a 1 inside the grid. */
export function erodeBinary(fg: Uint8Array, size: Vec3, ball: BallStructure): Uint8Array {
  return combine(fg, size, ball, true);
}

/** Dilation with border 0: out = 1 iff some element offset lands on a 1 (symmetric element). */
export function dilateBinary(fg: Uint8Array, size: Vec3, ball: BallStructure): Uint8Array {
  return combine(fg, size, ball, false);
}
