import { BitReader, checkAllScanned, checkFrameHeader, parseFrameHeader, parseHuffmanTables, parseScanHeader, u16, type HuffmanTable, type JpegFrame, type JpegFrameLimits, nextMarkerSegment, segmentLength } from './jpeg-bitstream.js';

/** Decoded JPEG samples, pixel-interleaved. */
export interface JpegImage {
  readonly width: number;
  readonly height: number;
  readonly components: number;
  readonly precision: number;
  readonly data: Uint16Array;
}

/**
 * Decodes a lossless JPEG (T.81 Annex H, process 14, any predictor 1–7, point transform, restart
 * intervals, interleaved or one scan per component). `limits` bound the frame before allocation.
 * @throws Error on a malformed codestream (the caller wraps it as DICOM_PIXEL_DATA_CORRUPT)
 */
export function decodeJpegLossless(d: Uint8Array, limits?: JpegFrameLimits): JpegImage {
  if (u16(d, 0) !== 0xffd8) throw new Error('no SOI marker');
  const dc: (HuffmanTable | undefined)[] = [];
  const ac: (HuffmanTable | undefined)[] = [];
  let frame: JpegFrame | undefined;
  let restartInterval = 0;
  let out: Uint16Array | undefined;
  const scanned = new Set<number>();
  let p = 2;
  for (let seg = nextMarkerSegment(d, p); seg !== undefined; seg = nextMarkerSegment(d, p)) {
    const marker = seg.marker;
    p = seg.p;
    const length = segmentLength(d, p);
    if (marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf) {
      frame = parseFrameHeader(d, p + 2, marker);
      if (marker !== 0xc3) throw new Error(`JPEG process SOF${marker - 0xc0} (arithmetic / differential lossless) is not supported`);
      // Every sample is coded with at least one bit (a Huffman code).
      checkFrameHeader(frame, d.length, frame.width * frame.height * frame.components.length, 1, 'sample', limits);
      out = new Uint16Array(frame.width * frame.height * frame.components.length);
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      throw new Error(`SOF${marker - 0xc0} is not a lossless process 14 frame`);
    } else if (marker === 0xc4) {
      parseHuffmanTables(d, p + 4, p + 2 + length, dc, ac);
    } else if (marker === 0xdd) {
      restartInterval = u16(d, p + 4);
    } else if (marker === 0xda) {
      if (frame === undefined || out === undefined) throw new Error('SOS before SOF3');
      const scan = parseScanHeader(d, p, frame);
      for (const c of scan.components) scanned.add(c.index);
      p = decodeScan(d, frame, scan, dc, restartInterval, out);
      continue;
    }
    p += 2 + length;
  }
  if (frame === undefined || out === undefined) throw new Error('no SOF3 frame header');
  checkAllScanned(frame, scanned);
  return { width: frame.width, height: frame.height, components: frame.components.length, precision: frame.precision, data: out };
}

function decodeScan(d: Uint8Array, frame: JpegFrame, scan: ReturnType<typeof parseScanHeader>, dc: (HuffmanTable | undefined)[], restartInterval: number, out: Uint16Array): number {
  const { width, height, precision } = frame;
  const nc = frame.components.length;
  const predictor = scan.ss;
  const pt = scan.al;
  if (predictor < 1 || predictor > 7) throw new Error(`predictor ${predictor} is not 1…7`);
  const tables = scan.components.map((c) => {
    const t = dc[c.td];
    if (t === undefined) throw new Error(`Huffman table ${c.td} is not defined`);
    return t;
  });
  const comps = scan.components.map((c) => c.index);
  const ns = comps.length;
  const mask = (1 << (precision - pt)) - 1;
  const initial = 1 << (precision - pt - 1);
  const reader = new BitReader(d, scan.dataStart);
  // Predictions use unshifted values; keep them in a separate buffer per scanned component.
  const values = new Int32Array(width * height * ns);
  let mcu = 0;
  let resetIndex = 0; // pixel index where the current restart interval began
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (restartInterval > 0 && mcu > 0 && mcu % restartInterval === 0) {
        reader.restart();
        resetIndex = i;
      }
      mcu++;
      for (let c = 0; c < ns; c++) {
        const s = reader.decode(tables[c]!);
        if (s < 0) throw new Error(`invalid Huffman code at row ${y}, column ${x}`);
        let diff: number;
        if (s === 16) diff = 32768;
        else {
          const v = reader.bits(s);
          diff = s === 0 ? 0 : v < 1 << (s - 1) ? v - (1 << s) + 1 : v;
        }
        const k = i * ns + c;
        let pred: number;
        if (i === resetIndex) pred = initial;
        else if (y === Math.floor(resetIndex / width) || (y === 0)) pred = values[k - ns]!;
        else if (x === 0) pred = values[k - width * ns]!;
        else {
          const ra = values[k - ns]!, rb = values[k - width * ns]!, rc = values[k - width * ns - ns]!;
          switch (predictor) {
            case 1: pred = ra; break;
            case 2: pred = rb; break;
            case 3: pred = rc; break;
            case 4: pred = ra + rb - rc; break;
            case 5: pred = ra + ((rb - rc) >> 1); break;
            case 6: pred = rb + ((ra - rc) >> 1); break;
            default: pred = (ra + rb) >> 1;
          }
        }
        const value = (pred + diff) & mask;
        values[k] = value;
        out[i * nc + comps[c]!] = value << pt;
      }
    }
  }
  return reader.endPosition();
}
