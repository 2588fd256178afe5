import { describe, expect, it } from 'vitest';
import { isMedlensError } from '@medlens/core';
import { decodeFrame, hashFrame, parseDicom } from './index.js';
import { concatBytes } from './test-bytes.js';

/** Minimal Part 10 writer for tests: explicit VR little endian unless `implicit`. */
function el(tag: number, vr: string, value: Uint8Array | string, implicit = false): Uint8Array {
  let v = typeof value === 'string' ? new TextEncoder().encode(value) : value;
  if (v.length % 2 === 1) v = Uint8Array.from([...v, vr === 'UI' || vr === 'OB' ? 0 : 0x20]);
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT', 'OF', 'OD', 'OL', 'UC', 'UR', 'OV', 'SV', 'UV'].includes(vr);
  const head = new DataView(new ArrayBuffer(implicit ? 8 : long ? 12 : 8));
  head.setUint16(0, tag >>> 16, true);
  head.setUint16(2, tag & 0xffff, true);
  if (implicit) head.setUint32(4, v.length, true);
  else {
    head.setUint8(4, vr.charCodeAt(0));
    head.setUint8(5, vr.charCodeAt(1));
    if (long) head.setUint32(8, v.length, true);
    else head.setUint16(6, v.length, true);
  }
  return concatBytes(new Uint8Array(head.buffer), v);
}
const u16 = (...v: number[]): Uint8Array => new Uint8Array(Uint16Array.from(v).buffer);
function part10(ts: string): Uint8Array {
  const meta = concatBytes(el(0x00020001, 'OB', Uint8Array.of(0, 1)), el(0x00020010, 'UI', ts));
  return concatBytes(new Uint8Array(128), new TextEncoder().encode('DICM'), el(0x00020000, 'UL', new Uint8Array(Uint32Array.of(meta.length).buffer)), meta);
}
const PIXELS = Int16Array.from({ length: 16 }, (_, i) => i * 100 - 700);
function image(ts = '1.2.840.10008.1.2.1'): Uint8Array {
  return concatBytes(
    part10(ts),
    el(0x00080016, 'UI', '1.2.840.10008.5.1.4.1.1.2'),
    el(0x00100010, 'PN', 'Doe^John'),
    el(0x00280002, 'US', u16(1)), el(0x00280004, 'CS', 'MONOCHROME2'), el(0x00280010, 'US', u16(4)), el(0x00280011, 'US', u16(4)),
    el(0x00280100, 'US', u16(16)), el(0x00280101, 'US', u16(16)), el(0x00280102, 'US', u16(15)), el(0x00280103, 'US', u16(1)),
    el(0x00281053, 'DS', '2.5'), el(0x7fe00010, 'OW', new Uint8Array(PIXELS.buffer)),
  );
}

function codeOf(fn: () => unknown): { code?: string; tag?: unknown; path?: unknown } {
  try {
    fn();
  } catch (e) {
    if (!isMedlensError(e)) throw e;
    return { code: e.code, tag: e.details.tag, path: e.details.path };
  }
  return {};
}

describe('parseDicom on valid input', () => {
  it('reads values, keywords and pixels', async () => {
    const { dataset, partial, diagnostics } = parseDicom(image());
    expect(partial).toBe(false);
    expect(diagnostics).toEqual([]);
    expect(dataset.string('PatientName')).toBe('Doe^John');
    expect(dataset.personName('00100010')).toEqual({ Alphabetic: 'Doe^John' });
    expect(dataset.number('RescaleSlope')).toBe(2.5);
    expect(dataset.vr('Rows')).toBe('US');
    expect(dataset.has('PatientID')).toBe(false);
    const frame = await decodeFrame(dataset, 0);
    expect([...frame.data]).toEqual([...PIXELS]);
    expect(hashFrame(frame)).toMatch(/^[0-9a-f]{64}$/);
    expect(dataset.toJson()['00100010']).toEqual({ vr: 'PN', Value: [{ Alphabetic: 'Doe^John' }] });
  });

  it('reads a raw implicit VR dataset without preamble', () => {
    const raw = concatBytes(el(0x00080016, 'UI', '1.2.3', true), el(0x00100010, 'PN', 'A^B', true), el(0x00280010, 'US', u16(7), true));
    const { dataset } = parseDicom(raw);
    expect(dataset.transferSyntaxUid).toBe('1.2.840.10008.1.2');
    expect(dataset.string('PatientName')).toBe('A^B');
    expect(dataset.number('Rows')).toBe(7);
  });

  it('reads undefined-length sequences and items', () => {
    const item = concatBytes(el(0x00080100, 'SH', 'CODE'), el(0x00080104, 'LO', 'Meaning'));
    const undefinedLen = Uint8Array.of(0xff, 0xff, 0xff, 0xff);
    const seq = concatBytes(
      Uint8Array.of(0x08, 0x00, 0x32, 0x11, 0x53, 0x51, 0, 0), undefinedLen, // (0008,1132) SQ undefined
      Uint8Array.of(0xfe, 0xff, 0x00, 0xe0), undefinedLen, item, Uint8Array.of(0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0),
      Uint8Array.of(0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0),
    );
    const { dataset } = parseDicom(concatBytes(part10('1.2.840.10008.1.2.1'), seq, el(0x00100010, 'PN', 'After')));
    expect(dataset.sequence('00081132')[0]?.string('CodeMeaning')).toBe('Meaning');
    expect(dataset.string('PatientName')).toBe('After');
  });

  it('decodes ISO 2022 escapes (Japanese, Korean) and single-byte charsets', () => {
    const esc = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
    const jp = Uint8Array.from([0x1b, ...esc('$B'), ...esc('$d$^$@'), 0x1b, ...esc('(B^'), 0x1b, ...esc('$B'), ...esc('$?$m$&'), 0x1b, ...esc('(B')]);
    const ko = Uint8Array.from([...esc('Hong^Gildong='), 0x1b, ...esc('$)C'), 0xfb, 0xf3, 0x5e, 0x1b, ...esc('$)C'), 0xd1, 0xce, 0xd4, 0xd7]);
    const cases: [string, Uint8Array, string][] = [
      ['\\ISO 2022 IR 87', jp, 'やまだ^たろう'],
      ['\\ISO 2022 IR 149', ko, 'Hong^Gildong=洪^吉洞'],
      ['ISO_IR 100', Uint8Array.from([...esc('Buc^J'), 0xe9, ...esc('r'), 0xf4, ...esc('me')]), 'Buc^Jérôme'],
      ['ISO_IR 192', new TextEncoder().encode('Wang^XiaoDong=王^小東'), 'Wang^XiaoDong=王^小東'],
      ['GB18030', Uint8Array.from([0xcd, 0xf5, 0x5e, 0xd0, 0xa1, 0xb6, 0xab]), '王^小东'],
    ];
    for (const [charset, name, expected] of cases) {
      const { dataset, diagnostics } = parseDicom(concatBytes(part10('1.2.840.10008.1.2.1'), el(0x00080005, 'CS', charset), el(0x00100010, 'PN', name)));
      expect(dataset.string('PatientName'), charset).toBe(expected);
      expect(diagnostics).toEqual([]);
    }
  });
});

describe('parseDicom on malformed input (robustness)', () => {
  const valid = image();
  const huge = (() => {
    const b = valid.slice();
    const at = b.length - PIXELS.byteLength - 4; // OW length field of the pixel data
    new DataView(b.buffer).setUint32(at, 0xfffffff0, true);
    return b;
  })();
  const badVr = (() => {
    const b = valid.slice();
    const at = 132 + b.subarray(132).findIndex((_, i) => b[132 + i] === 0x10 && b[133 + i] === 0x00 && b[134 + i] === 0x10 && b[135 + i] === 0x00);
    b[at + 4] = 0x51; // 'Q'
    b[at + 5] = 0x51;
    return b;
  })();
  const cases: [string, Uint8Array, string][] = [
    ['non-DICOM bytes', new TextEncoder().encode('This is a text file, certainly not DICOM at all....'), 'DICOM_NOT_DICOM'],
    ['empty file', new Uint8Array(0), 'DICOM_NOT_DICOM'],
    ['huge declared length', huge, 'DICOM_INVALID_LENGTH'],
    ['unknown VR', badVr, 'DICOM_INVALID_VR'],
    ['truncated inside the meta group', valid.subarray(0, 150), 'DICOM_TRUNCATED'],
  ];
  it.each(cases)('%s → %s', (_name, bytes, code) => {
    const t = performance.now();
    const got = codeOf(() => parseDicom(bytes, { path: '/x.dcm' }));
    expect(got.code).toBe(code);
    expect(got.path).toBe('/x.dcm');
    if (code !== 'DICOM_NOT_DICOM') expect(got.tag).toMatch(/^\([0-9a-f]{4},[0-9a-f]{4}\)$/);
    expect(performance.now() - t).toBeLessThan(500);
  });

  it('truncated at every offset: never crashes, partial or a MedlensError with path and tag', () => {
    for (let n = 0; n < valid.length; n++) {
      let result;
      try {
        result = parseDicom(valid.subarray(0, n), { path: '/t.dcm' });
      } catch (e) {
        expect(isMedlensError(e), `offset ${n}`).toBe(true);
        continue;
      }
      if (n < valid.length && result.partial) {
        const d = result.diagnostics.find((x) => x.code === 'DICOM_TRUNCATED');
        expect(d?.path).toBe('/t.dcm');
        expect(d?.tag).toBeDefined();
      }
    }
  });

  it('truncated inside the pixel data: partial, and decoding fails with DICOM_PIXEL_DATA_CORRUPT', async () => {
    const { dataset, partial, diagnostics } = parseDicom(valid.subarray(0, valid.length - 10), { path: '/p.dcm' });
    expect(partial).toBe(true);
    expect(diagnostics[0]).toMatchObject({ code: 'DICOM_TRUNCATED', tag: '(7fe0,0010)', path: '/p.dcm' });
    const err = await decodeFrame(dataset, 0, { path: '/p.dcm' }).catch((e: unknown) => e);
    expect(isMedlensError(err, 'DICOM_PIXEL_DATA_CORRUPT')).toBe(true);
    expect((err as { details: { path: string } }).details.path).toBe('/p.dcm');
  });

  it('odd value length is read with a warning diagnostic naming the tag', () => {
    const odd = concatBytes(part10('1.2.840.10008.1.2.1'), Uint8Array.of(0x10, 0, 0x10, 0, 0x50, 0x4e, 3, 0, 0x41, 0x5e, 0x42));
    const { dataset, diagnostics } = parseDicom(odd);
    expect(dataset.string('PatientName')).toBe('A^B');
    expect(diagnostics[0]).toMatchObject({ code: 'DICOM_INVALID_LENGTH', tag: '(0010,0010)' });
  });

  it('missing pixel data → DICOM_NO_PIXEL_DATA; unknown transfer syntax → DICOM_UNSUPPORTED_TRANSFER_SYNTAX', async () => {
    const noPixels = parseDicom(valid.subarray(0, valid.length - PIXELS.byteLength - 12)).dataset;
    const e1 = await decodeFrame(noPixels, 0, { path: '/n.dcm' }).catch((e: unknown) => e);
    expect(isMedlensError(e1, 'DICOM_NO_PIXEL_DATA')).toBe(true);
    const unknown = parseDicom(image('1.2.3.4.5.6.7')).dataset;
    const e2 = await decodeFrame(unknown, 0).catch((e: unknown) => e);
    expect(isMedlensError(e2, 'DICOM_UNSUPPORTED_TRANSFER_SYNTAX')).toBe(true);
    expect(String((e2 as Error).message)).toContain('1.2.3.4.5.6.7');
  });
});
