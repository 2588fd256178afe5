/** Short names of the transfer syntaxes Medlens reads (PS3.6 Annex A), for listings. */
export const TRANSFER_SYNTAX_NAMES: Readonly<Record<string, string>> = {
  '1.2.840.10008.1.2': 'Implicit VR LE',
  '1.2.840.10008.1.2.1': 'Explicit VR LE',
  '1.2.840.10008.1.2.1.98': 'Encapsulated Uncompressed',
  '1.2.840.10008.1.2.1.99': 'Deflated Explicit VR LE',
  '1.2.840.10008.1.2.2': 'Explicit VR BE',
  '1.2.840.10008.1.2.4.50': 'JPEG Baseline',
  '1.2.840.10008.1.2.4.51': 'JPEG Extended',
  '1.2.840.10008.1.2.4.57': 'JPEG Lossless',
  '1.2.840.10008.1.2.4.70': 'JPEG Lossless SV1',
  '1.2.840.10008.1.2.4.80': 'JPEG-LS Lossless',
  '1.2.840.10008.1.2.4.81': 'JPEG-LS Near-Lossless',
  '1.2.840.10008.1.2.4.90': 'JPEG 2000 Lossless',
  '1.2.840.10008.1.2.4.91': 'JPEG 2000',
  '1.2.840.10008.1.2.4.201': 'HTJ2K Lossless',
  '1.2.840.10008.1.2.4.202': 'HTJ2K Lossless RPCL',
  '1.2.840.10008.1.2.4.203': 'HTJ2K',
  '1.2.840.10008.1.2.5': 'RLE Lossless',
  '1.2.840.10008.1.2.8.1': 'Deflated Image Frame',
};

/** Short name of a transfer syntax, or the UID itself when unknown. */
export function transferSyntaxName(uid: string): string {
  return TRANSFER_SYNTAX_NAMES[uid] ?? uid;
}
