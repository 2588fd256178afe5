import { describe, expect, it } from 'vitest';
import { isMedlensError } from '@medlens/core';
import { thresholdVolume } from './index.js';
import { sha256, vol } from './golden.js';

describe('thresholdVolume', () => {
  const v = vol(Float32Array.from([-5, 0, 1.5, 2, NaN, Infinity, 3, -Infinity]), [8, 1, 1], [1, 1, 1]);
  const cases: [string, { lower?: number; upper?: number }, number[]][] = [
    ['both bounds inclusive', { lower: 0, upper: 2 }, [0, 1, 1, 1, 0, 0, 0, 0]],
    ['lower only', { lower: 1.5 }, [0, 0, 1, 1, 0, 1, 1, 0]],
    ['upper only', { upper: 0 }, [1, 1, 0, 0, 0, 0, 0, 1]],
    ['equal bounds', { lower: 3, upper: 3 }, [0, 0, 0, 0, 0, 0, 1, 0]],
  ];
  it.each(cases)('%s', (_n, options, expected) => {
    const before = sha256(v);
    const out = thresholdVolume(v, options);
    expect(Array.from(out.data)).toEqual(expected);
    expect(out.data).toBeInstanceOf(Uint8Array);
    expect(sha256(v)).toBe(before);
  });
  const bad: [string, object, string][] = [
    ['no bound', {}, 'lower'],
    ['lower > upper', { lower: 2, upper: 1 }, 'lower'],
    ['NaN lower', { lower: NaN }, 'lower'],
    ['string upper', { upper: '3' }, 'upper'],
  ];
  it.each(bad)('%s → USAGE_INVALID_ARGUMENT', (_n, options, field) => {
    try {
      thresholdVolume(v, options as never);
      expect.unreachable();
    } catch (e) {
      expect(isMedlensError(e, 'USAGE_INVALID_ARGUMENT')).toBe(true);
      expect((e as { details: { field: string } }).details.field).toBe(field);
    }
  });
});
