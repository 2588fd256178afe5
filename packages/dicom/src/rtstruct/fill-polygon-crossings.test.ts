import { describe, expect, it } from 'vitest';
import { fillPolygonCrossings } from './fill-polygon-crossings.js';

const rect = (x0: number, y0: number, x1: number, y1: number): Float64Array => new Float64Array([x0, y0, x1, y0, x1, y1, x0, y1]);
const count = (m: Uint8Array): number => m.reduce((n, v) => n + v, 0);

describe('fillPolygonCrossings', () => {
  it('fills the centres strictly inside a rectangle', () => {
    const m = fillPolygonCrossings([rect(0.5, 0.5, 3.5, 2.5)], 6, 5);
    expect(count(m)).toBe(3 * 2); // i 1..3, j 1..2
    expect(m[1 * 6 + 1]).toBe(1);
    expect(m[0]).toBe(0);
  });

  it('XORs contours: a hole drawn as a second contour is empty', () => {
    const m = fillPolygonCrossings([rect(-0.5, -0.5, 9.5, 9.5), rect(2.5, 2.5, 5.5, 5.5)], 10, 10);
    expect(count(m)).toBe(100 - 9);
    expect(m[4 * 10 + 4]).toBe(0);
  });

  it('two polygons sharing an edge through centres claim each centre once', () => {
    const left = fillPolygonCrossings([rect(0, 0, 3, 4)], 8, 6);
    const right = fillPolygonCrossings([rect(3, 0, 6, 4)], 8, 6);
    const both = fillPolygonCrossings([rect(0, 0, 6, 4)], 8, 6);
    for (let v = 0; v < left.length; v++) expect(left[v]! + right[v]!).toBe(both[v]);
    expect(count(left) + count(right)).toBe(count(both));
  });

  it('orientation of the contour does not matter, and the polygon may leave the grid', () => {
    const cw = new Float64Array([-3, -3, -3, 2.5, 2.5, 2.5, 2.5, -3]);
    expect(count(fillPolygonCrossings([cw], 4, 4))).toBe(9);
    expect(count(fillPolygonCrossings([rect(-3, -3, 2.5, 2.5)], 4, 4))).toBe(9);
  });

  it('a triangle matches a per-pixel crossing test', () => {
    const tri = new Float64Array([1.2, 0.3, 17.7, 4.9, 6.1, 14.2]);
    const m = fillPolygonCrossings([tri], 20, 16);
    let expected = 0;
    for (let j = 0; j < 16; j++) for (let i = 0; i < 20; i++) {
      let c = false;
      for (let a = 0, b = 2; a < 3; b = a++) {
        const [xa, ya, xb, yb] = [tri[2 * a]!, tri[2 * a + 1]!, tri[2 * b]!, tri[2 * b + 1]!];
        if (ya > j !== yb > j && i < xa + ((j - ya) * (xb - xa)) / (yb - ya)) c = !c;
      }
      if (c) expected++;
      expect(m[j * 20 + i]).toBe(c ? 1 : 0);
    }
    expect(expected).toBeGreaterThan(40);
  });
});
