/**
 * A tiny Explicit VR Little Endian Part 10 writer for building synthetic series in tests (shuffled
 * stacks, gaps, tilt, echoes, DICOMDIR …). Not a general writer: no charset handling, no
 * validation, defined lengths only. Not exported from the package index.
 * @packageDocumentation
 */

import { concatBytes } from '../test-bytes.js';

/** An element value: strings (backslash-joined if an array), numbers for binary VRs, items for SQ. */
export type TestValue = string | number | readonly (string | number)[] | Uint8Array | Uint16Array | Int16Array | readonly TestElement[][];
/** [tag 'GGGGEEEE', VR, value]. */
export type TestElement = readonly [string, string, TestValue];

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT']);
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

function concat(parts: readonly Uint8Array[]): Uint8Array {
  return concatBytes(...parts);
}

function tagBytes(tag: string): Uint8Array {
  const b = new Uint8Array(4);
  const v = new DataView(b.buffer);
  v.setUint16(0, parseInt(tag.slice(0, 4), 16), true);
  v.setUint16(2, parseInt(tag.slice(4), 16), true);
  return b;
}

function valueBytes(vr: string, value: TestValue): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (value instanceof Uint16Array || value instanceof Int16Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (vr === 'SQ') {
    const items = (value as readonly TestElement[][]).map((item) => {
      const body = encodeElements(item);
      const head = new Uint8Array(8);
      const v = new DataView(head.buffer);
      v.setUint16(0, 0xfffe, true);
      v.setUint16(2, 0xe000, true);
      v.setUint32(4, body.length, true);
      return concat([head, body]);
    });
    return concat(items);
  }
  const list = Array.isArray(value) ? (value as readonly (string | number)[]) : [value as string | number];
  const binary: Record<string, [number, (v: DataView, o: number, x: number) => void]> = {
    US: [2, (v, o, x) => v.setUint16(o, x, true)],
    SS: [2, (v, o, x) => v.setInt16(o, x, true)],
    UL: [4, (v, o, x) => v.setUint32(o, x, true)],
    SL: [4, (v, o, x) => v.setInt32(o, x, true)],
    FL: [4, (v, o, x) => v.setFloat32(o, x, true)],
    FD: [8, (v, o, x) => v.setFloat64(o, x, true)],
  };
  const bin = binary[vr];
  if (bin) {
    const b = new Uint8Array(bin[0] * list.length);
    const v = new DataView(b.buffer);
    list.forEach((x, n) => bin[1](v, n * bin[0], Number(x)));
    return b;
  }
  let s = list.map(String).join('\\');
  if (s.length % 2 === 1) s += vr === 'UI' ? '\0' : ' ';
  return new TextEncoder().encode(s);
}

function encodeElement(tag: string, vr: string, value: TestValue): Uint8Array {
  let body = valueBytes(vr, value);
  if (body.length % 2 === 1) body = concat([body, new Uint8Array(1)]);
  const long = LONG_VRS.has(vr);
  const head = new Uint8Array(long ? 12 : 8);
  head.set(tagBytes(tag), 0);
  head[4] = vr.charCodeAt(0);
  head[5] = vr.charCodeAt(1);
  const v = new DataView(head.buffer);
  if (long) v.setUint32(8, body.length, true);
  else v.setUint16(6, body.length, true);
  return concat([head, body]);
}

function encodeElements(elements: readonly TestElement[]): Uint8Array {
  const sorted = [...elements].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return concat(sorted.map(([tag, vr, value]) => encodeElement(tag, vr, value)));
}

/**
 * Encodes a Part 10 file: preamble, DICM, File Meta Information (group length, version, media
 * storage SOP class/instance from (0008,0016)/(0008,0018) unless given, transfer syntax Explicit VR
 * Little Endian), then `elements` sorted by tag.
 */
export function writeTestDicom(elements: readonly TestElement[], meta: { sopClassUid?: string; sopInstanceUid?: string } = {}): Uint8Array {
  const find = (tag: string): string | undefined => {
    const e = elements.find((x) => x[0] === tag);
    return e === undefined ? undefined : String(e[2]);
  };
  const metaBody = encodeElements([
    ['00020001', 'OB', new Uint8Array([0, 1])],
    ['00020002', 'UI', meta.sopClassUid ?? find('00080016') ?? '1.2.840.10008.5.1.4.1.1.7'],
    ['00020003', 'UI', meta.sopInstanceUid ?? find('00080018') ?? '2.25.1'],
    ['00020010', 'UI', EXPLICIT_LE],
    ['00020012', 'UI', '2.25.4242'],
  ]);
  const groupLength = encodeElement('00020000', 'UL', metaBody.length);
  const preamble = new Uint8Array(132);
  preamble.set(new TextEncoder().encode('DICM'), 128);
  return concat([preamble, groupLength, metaBody, encodeElements(elements)]);
}

/** Options of {@link testSlice}. */
export interface TestSliceOptions {
  sopInstanceUid: string;
  seriesInstanceUid?: string;
  studyInstanceUid?: string;
  modality?: string;
  position?: readonly number[];
  /** null omits ImageOrientationPatient. */
  orientation?: readonly number[] | null;
  pixelSpacing?: readonly [number, number];
  rows?: number;
  columns?: number;
  /** Stored values, rows×columns, signed 16-bit. Default: value = 10·slice tag + pixel index. */
  pixels?: Int16Array;
  instanceNumber?: number;
  echoNumber?: number;
  acquisitionNumber?: number;
  slope?: number;
  intercept?: number;
  extra?: readonly TestElement[];
}

/** A single-frame CT-like image (signed 16-bit, MONOCHROME2) for synthetic stacks. */
export function testSlice(o: TestSliceOptions): Uint8Array {
  const rows = o.rows ?? 4;
  const columns = o.columns ?? 5;
  const pixels = o.pixels ?? new Int16Array(rows * columns);
  const el: TestElement[] = [
    ['00080016', 'UI', '1.2.840.10008.5.1.4.1.1.2'],
    ['00080018', 'UI', o.sopInstanceUid],
    ['00080060', 'CS', o.modality ?? 'CT'],
    ['0020000D', 'UI', o.studyInstanceUid ?? '2.25.100'],
    ['0020000E', 'UI', o.seriesInstanceUid ?? '2.25.200'],
    ['00200052', 'UI', '2.25.300'],
    ['00280002', 'US', 1],
    ['00280004', 'CS', 'MONOCHROME2'],
    ['00280010', 'US', rows],
    ['00280011', 'US', columns],
    ['00280100', 'US', 16],
    ['00280101', 'US', 16],
    ['00280102', 'US', 15],
    ['00280103', 'US', 1],
    ['7FE00010', 'OW', pixels],
  ];
  if (o.position) el.push(['00200032', 'DS', o.position.map(String)]);
  if (o.orientation !== null) el.push(['00200037', 'DS', (o.orientation ?? [1, 0, 0, 0, 1, 0]).map(String)]);
  el.push(['00280030', 'DS', (o.pixelSpacing ?? [0.5, 0.7]).map(String)]);
  if (o.instanceNumber !== undefined) el.push(['00200013', 'IS', String(o.instanceNumber)]);
  if (o.echoNumber !== undefined) el.push(['00180086', 'IS', String(o.echoNumber)]);
  if (o.acquisitionNumber !== undefined) el.push(['00200012', 'IS', String(o.acquisitionNumber)]);
  el.push(['00281053', 'DS', String(o.slope ?? 1)], ['00281052', 'DS', String(o.intercept ?? -1024)]);
  for (const e of o.extra ?? []) el.push(e);
  return writeTestDicom(el);
}
