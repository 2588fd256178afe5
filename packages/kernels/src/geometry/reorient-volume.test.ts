import { isMedlensError, type Mat3 } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { fixtureVolume, makeVolume, sha256, valuesByWorld } from './golden.js';
import { reorientVolume } from './reorient-volume.js';

/** Patient direction letter each index axis points to, from the dominant component of its column. */
function axisCodes(direction: Mat3): string {
  let code = '';
  for (let c = 0; c < 3; c++) {
    const col = [direction[3 * c]!, direction[3 * c + 1]!, direction[3 * c + 2]!];
    const a = col.map(Math.abs).indexOf(Math.max(...col.map(Math.abs)));
    code += (col[a]! > 0 ? 'LPS' : 'RAI')[a];
  }
  return code;
}

describe('reorientVolume', () => {
  const oblique = fixtureVolume('intensity');

  it.each(['LPS', 'RAS', 'RAI', 'LIP', 'SAR', 'ipl'])('%s: axes point to the code, world positions kept, back to the original', (code) => {
    const before = sha256(oblique.data);
    const r = reorientVolume(oblique, code);
    expect(axisCodes(r.geometry.direction)).toBe(code.toUpperCase());
    expect(valuesByWorld(r)).toEqual(valuesByWorld(oblique));
    const back = reorientVolume(r, axisCodes(oblique.geometry.direction));
    expect(Array.from(back.data)).toEqual(Array.from(oblique.data));
    expect(back.geometry.size).toEqual(oblique.geometry.size);
    for (let a = 0; a < 9; a++) expect(back.geometry.direction[a]).toBe(oblique.geometry.direction[a]);
    for (let a = 0; a < 3; a++) expect(back.geometry.origin[a]).toBeCloseTo(oblique.geometry.origin[a]!, 9);
    expect(sha256(oblique.data)).toBe(before);
  });

  it('LPS → RAS → LPS on an axial grid; RAS has direction diag(−1, −1, 1)', () => {
    const v = makeVolume({ size: [4, 3, 2], spacing: [0.5, 0.7, 3], origin: [10, 20, 30] });
    const ras = reorientVolume(v, 'RAS');
    expect(Array.from(ras.geometry.direction)).toEqual([-1, 0, 0, 0, -1, 0, 0, 0, 1]);
    expect(Array.from(ras.geometry.origin)).toEqual([10 + 1.5, 20 + 1.4, 30]);
    expect(ras.data[0]).toBe(v.data[3 + 4 * 2]);
    const lps = reorientVolume(ras, 'LPS');
    expect(lps.geometry).toEqual(v.geometry);
    expect(Array.from(lps.data)).toEqual(Array.from(v.data));
  });

  it.each(['LP', 'LPSX', 'LLS', 'LRS', 'XYZ', 3])('rejects %j', (code) => {
    try {
      reorientVolume(oblique, code as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe('orientation');
    }
  });
});
