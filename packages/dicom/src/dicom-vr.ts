/** A PS3.5 Table 6.2-1 value representation. */
export type DicomVr =
  | 'AE' | 'AS' | 'AT' | 'CS' | 'DA' | 'DS' | 'DT' | 'FL' | 'FD' | 'IS' | 'LO' | 'LT' | 'OB' | 'OD' | 'OF' | 'OL' | 'OV'
  | 'OW' | 'PN' | 'SH' | 'SL' | 'SQ' | 'SS' | 'ST' | 'SV' | 'TM' | 'UC' | 'UI' | 'UL' | 'UN' | 'UR' | 'US' | 'UT' | 'UV';

const ALL_VRS: readonly DicomVr[] = [
  'AE', 'AS', 'AT', 'CS', 'DA', 'DS', 'DT', 'FL', 'FD', 'IS', 'LO', 'LT', 'OB', 'OD', 'OF', 'OL', 'OV',
  'OW', 'PN', 'SH', 'SL', 'SQ', 'SS', 'ST', 'SV', 'TM', 'UC', 'UI', 'UL', 'UN', 'UR', 'US', 'UT', 'UV',
];
const VR_SET: ReadonlySet<string> = new Set(ALL_VRS);

/** True when `vr` is one of the 34 VRs of PS3.5. */
export function isDicomVr(vr: string): vr is DicomVr {
  return VR_SET.has(vr);
}

/** Explicit VRs with a 2-byte reserved field and a 32-bit length (PS3.5 7.1.2). */
export const LONG_LENGTH_VRS: ReadonlySet<DicomVr> = new Set<DicomVr>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'UC', 'UN', 'UR', 'UT', 'SV', 'UV']);

/** VRs whose values are character strings affected by Specific Character Set (PS3.5 6.1.2.3). */
export const CHARSET_VRS: ReadonlySet<DicomVr> = new Set<DicomVr>(['SH', 'LO', 'ST', 'LT', 'UC', 'UT', 'PN']);

/** String VRs (value is text; multi-valued ones are backslash-separated). */
export const STRING_VRS: ReadonlySet<DicomVr> = new Set<DicomVr>([
  'AE', 'AS', 'CS', 'DA', 'DS', 'DT', 'IS', 'LO', 'LT', 'PN', 'SH', 'ST', 'TM', 'UC', 'UI', 'UR', 'UT',
]);

/** VRs that are never split at backslashes (single-valued text, PS3.5 6.2). */
export const UNSPLIT_VRS: ReadonlySet<DicomVr> = new Set<DicomVr>(['LT', 'ST', 'UT', 'UR']);

/** Byte size of one value for binary numeric VRs. */
export const BINARY_VR_SIZE: Readonly<Partial<Record<DicomVr, number>>> = {
  US: 2, SS: 2, UL: 4, SL: 4, FL: 4, FD: 8, SV: 8, UV: 8, AT: 4, OW: 2, OB: 1, OF: 4, OD: 8, OL: 4, OV: 8,
};
