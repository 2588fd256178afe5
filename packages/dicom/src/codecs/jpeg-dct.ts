import { BitReader, checkAllScanned, checkFrameHeader, extend, parseFrameHeader, parseHuffmanTables, parseScanHeader, u16, type HuffmanTable, type JpegFrame, type JpegFrameLimits, type JpegScan, nextMarkerSegment, segmentLength } from './jpeg-bitstream.js';
import type { JpegImage } from './jpeg-lossless.js';
import { idctIslow } from './jpeg-idct.js';
import { upsampleComponent } from './jpeg-upsample.js';

const ZIGZAG = new Uint8Array([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/** A component plane being decoded (padded to whole blocks). */
interface Plane {
  readonly blocksPerLine: number;
  readonly blocksPerColumn: number;
  /** Width/height of the component in samples (T.81 A.1.1: ceil(X·H/Hmax)). */
  readonly width: number;
  readonly height: number;
  readonly samples: Uint16Array;
  pred: number;
}

/**
 * Decodes a sequential DCT JPEG (T.81 baseline process 1 and extended process 2/4: 8- or 12-bit,
 * Huffman coded) without colour conversion (like IJG with `out_color_space = jpeg_color_space`):
 * islow integer IDCT and IJG "fancy" chroma upsampling, so results match DCMTK `dcmdjpeg +cn`
 * closely. Progressive and arithmetic-coded JPEG are rejected. `limits` bound the frame before allocation.
 * @throws Error on a malformed or unsupported codestream
 */
export function decodeJpegDct(d: Uint8Array, limits?: JpegFrameLimits): JpegImage {
  if (u16(d, 0) !== 0xffd8) throw new Error('no SOI marker');
  const dc: (HuffmanTable | undefined)[] = [];
  const ac: (HuffmanTable | undefined)[] = [];
  const quant: (Int32Array | undefined)[] = [];
  let frame: JpegFrame | undefined;
  let planes: Plane[] = [];
  let restartInterval = 0;
  const scanned = new Set<number>();
  let p = 2;
  for (let seg = nextMarkerSegment(d, p); seg !== undefined; seg = nextMarkerSegment(d, p)) {
    const marker = seg.marker;
    p = seg.p;
    const length = segmentLength(d, p);
    if (marker === 0xc0 || marker === 0xc1) {
      frame = parseFrameHeader(d, p + 2, marker);
      planes = createPlanes(frame, d.length, limits);
    } else if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new Error(`JPEG SOF${marker - 0xc0} (progressive, lossless or arithmetic) is not a sequential Huffman DCT frame`);
    } else if (marker === 0xc4) {
      parseHuffmanTables(d, p + 4, p + 2 + length, dc, ac);
    } else if (marker === 0xdb) {
      let q = p + 4;
      while (q < p + 2 + length) {
        const pq = d[q]! >> 4;
        const table = new Int32Array(64);
        for (let k = 0; k < 64; k++) table[ZIGZAG[k]!] = pq === 0 ? d[q + 1 + k]! : u16(d, q + 1 + 2 * k);
        quant[d[q]! & 15] = table;
        q += 1 + (pq === 0 ? 64 : 128);
      }
    } else if (marker === 0xdd) {
      restartInterval = u16(d, p + 4);
    } else if (marker === 0xda) {
      if (frame === undefined) throw new Error('SOS before SOF');
      const scan = parseScanHeader(d, p, frame);
      for (const c of scan.components) scanned.add(c.index);
      p = decodeScan(d, frame, scan, planes, dc, ac, quant, restartInterval);
      continue;
    }
    p += 2 + length;
  }
  if (frame === undefined) throw new Error('no SOF0/SOF1 frame header');
  checkAllScanned(frame, scanned);
  return assemble(frame, planes);
}

function createPlanes(frame: JpegFrame, codestreamLength: number, limits: JpegFrameLimits | undefined): Plane[] {
  const hmax = Math.max(...frame.components.map((c) => c.h));
  const vmax = Math.max(...frame.components.map((c) => c.v));
  // Every 8×8 block is coded with at least two bits (DC difference and end-of-block codes).
  const blocks = frame.components.reduce((n, c) => n + Math.ceil(Math.ceil((frame.width * c.h) / hmax) / 8) * Math.ceil(Math.ceil((frame.height * c.v) / vmax) / 8), 0);
  checkFrameHeader(frame, codestreamLength, blocks, 2, '8×8 block', limits);
  if (frame.components.some((c) => hmax % c.h !== 0 || vmax % c.v !== 0)) {
    throw new Error(`sampling factors ${frame.components.map((c) => `${c.h}×${c.v}`).join(', ')} are not integer ratios (not supported)`);
  }
  const mcusX = Math.ceil(frame.width / (8 * hmax));
  const mcusY = Math.ceil(frame.height / (8 * vmax));
  return frame.components.map((c) => {
    const blocksPerLine = mcusX * c.h;
    const blocksPerColumn = mcusY * c.v;
    return {
      blocksPerLine, blocksPerColumn,
      width: Math.ceil((frame.width * c.h) / hmax), height: Math.ceil((frame.height * c.v) / vmax),
      samples: new Uint16Array(blocksPerLine * 8 * blocksPerColumn * 8), pred: 0,
    };
  });
}

function decodeScan(
  d: Uint8Array, frame: JpegFrame, scan: JpegScan, planes: Plane[], dc: (HuffmanTable | undefined)[], ac: (HuffmanTable | undefined)[],
  quant: (Int32Array | undefined)[], restartInterval: number,
): number {
  const reader = new BitReader(d, scan.dataStart);
  const coef = new Int32Array(64);
  const precision = frame.precision;
  const parts = scan.components.map((s) => {
    const comp = frame.components[s.index]!;
    const q = quant[comp.tq];
    const dct = dc[s.td];
    const act = ac[s.ta];
    if (q === undefined || dct === undefined || act === undefined) throw new Error(`component ${comp.id} refers to an undefined table`);
    return { comp, plane: planes[s.index]!, q, dct, act };
  });
  const decodeBlock = (part: (typeof parts)[number], row: number, col: number): void => {
    coef.fill(0);
    const s = reader.decode(part.dct);
    if (s < 0 || s > 16) throw new Error('invalid DC Huffman code');
    part.plane.pred += extend(reader.bits(s), s);
    coef[0] = part.plane.pred;
    for (let k = 1; k < 64;) {
      const rs = reader.decode(part.act);
      if (rs < 0) throw new Error('invalid AC Huffman code');
      const r = rs >> 4;
      const size = rs & 15;
      if (size === 0) {
        if (r !== 15) break;
        k += 16;
        continue;
      }
      k += r;
      if (k > 63) throw new Error('AC coefficient index past 63');
      coef[ZIGZAG[k]!] = extend(reader.bits(size), size);
      k++;
    }
    const plane = part.plane;
    const stride = plane.blocksPerLine * 8;
    idctIslow(coef, part.q, plane.samples, row * 8 * stride + col * 8, stride, precision);
  };
  const single = parts.length === 1;
  let mcuCount: number;
  let mcusPerLine: number;
  if (single) {
    const { plane, comp } = parts[0]!;
    const hmax = Math.max(...frame.components.map((c) => c.h));
    const vmax = Math.max(...frame.components.map((c) => c.v));
    mcusPerLine = Math.ceil(Math.ceil((frame.width * comp.h) / hmax) / 8);
    mcuCount = mcusPerLine * Math.ceil(Math.ceil((frame.height * comp.v) / vmax) / 8);
    void plane;
  } else {
    mcusPerLine = parts[0]!.plane.blocksPerLine / parts[0]!.comp.h;
    mcuCount = mcusPerLine * (parts[0]!.plane.blocksPerColumn / parts[0]!.comp.v);
  }
  for (let m = 0; m < mcuCount; m++) {
    if (restartInterval > 0 && m > 0 && m % restartInterval === 0) {
      reader.restart();
      for (const part of parts) part.plane.pred = 0;
    }
    const mx = m % mcusPerLine;
    const my = Math.floor(m / mcusPerLine);
    if (single) decodeBlock(parts[0]!, my, mx);
    else {
      for (const part of parts) {
        for (let v = 0; v < part.comp.v; v++) {
          for (let h = 0; h < part.comp.h; h++) decodeBlock(part, my * part.comp.v + v, mx * part.comp.h + h);
        }
      }
    }
  }
  return reader.endPosition();
}

function assemble(frame: JpegFrame, planes: Plane[]): JpegImage {
  const { width, height } = frame;
  const nc = planes.length;
  const hmax = Math.max(...frame.components.map((c) => c.h));
  const vmax = Math.max(...frame.components.map((c) => c.v));
  const out = new Uint16Array(width * height * nc);
  planes.forEach((plane, c) => {
    const comp = frame.components[c]!;
    const full = upsampleComponent(plane.samples, plane.blocksPerLine * 8, plane.width, plane.height, hmax / comp.h, vmax / comp.v, width, height);
    for (let i = 0, o = c; i < width * height; i++, o += nc) out[o] = full[i]!;
  });
  return { width, height, components: nc, precision: frame.precision, data: out };
}
