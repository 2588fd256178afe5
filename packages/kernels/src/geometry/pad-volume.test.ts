import { createLabelMap, isMedlensError, type LabelMap } from '@medlens/core';
import { describe, expect, it } from 'vitest';
import { cropVolume } from './crop-volume.js';
import { flipVolume } from './flip-volume.js';
import { padVolume } from './pad-volume.js';

// Geometry round trips of padVolume are in crop-volume.test.ts (crop ∘ pad = identity).
describe('padVolume with label maps', () => {
  const map: LabelMap = createLabelMap({
    geometry: { size: [3, 2, 2], spacing: [1, 1, 2], origin: [0, 0, 0], direction: [1, 0, 0, 0, 1, 0, 0, 0, 1] },
    data: Uint8Array.of(0, 1, 1, 0, 2, 2, 0, 1, 0, 0, 2, 0),
    segments: [
      { label: 1, name: 'liver' },
      { label: 2, name: 'tumour' },
    ],
  });

  it('keeps the segment table through pad, crop and flip', () => {
    const padded = padVolume(map, { before: [1, 1, 0], after: [0, 0, 1], value: 2 });
    expect((padded as LabelMap).segments).toEqual(map.segments);
    expect(padded.data).toBeInstanceOf(Uint8Array);
    expect((cropVolume(padded, { start: [1, 1, 0], size: [3, 2, 2] }) as LabelMap).segments).toEqual(map.segments);
    expect((flipVolume(map, ['j']) as LabelMap).segments).toEqual(map.segments);
  });

  it('rejects a padding value that is not 0 or a listed label', () => {
    try {
      padVolume(map, { before: [1, 0, 0], after: [0, 0, 0], value: 3 });
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe('value');
    }
  });

  it('keeps per-slice SOP Instance UIDs only when k is not padded', () => {
    const withUids = { ...map, meta: { sourceSopInstanceUids: ['a', 'b'] } };
    expect(padVolume(withUids, { before: [1, 1, 0], after: [1, 0, 0] }).meta.sourceSopInstanceUids).toEqual(['a', 'b']);
    expect(padVolume(withUids, { before: [0, 0, 1], after: [0, 0, 0] }).meta.sourceSopInstanceUids).toBeUndefined();
  });
});
