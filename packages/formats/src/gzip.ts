import { constants as bufferConstants } from 'node:buffer';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { MedlensError, type ErrorCode } from '@medlens/core';

/**
 * Upper bound of the deflate expansion ratio (zlib technical details: 1032:1). A gzip stream of n
 * bytes cannot inflate to more than about `n · 1032` bytes, so a header that declares more data than
 * that is rejected before anything is inflated or allocated.
 */
export const MAX_DEFLATE_RATIO = 1032;

/** Default gzip level of the writers: level 1 measured ~5× faster than 6 for ~10 % larger files (see README). */
export const DEFAULT_COMPRESSION_LEVEL = 1;

/** True when `bytes` starts with the gzip magic number 1f 8b (RFC 1952 §2.3.1). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Largest number of bytes a gzip stream of `compressedLength` bytes may inflate to. */
export function maxInflatedLength(compressedLength: number): number {
  return compressedLength * MAX_DEFLATE_RATIO + 1024;
}

function gzipError(e: unknown, what: string, path: string | undefined): MedlensError {
  const reason = e instanceof Error ? e.message : String(e);
  return new MedlensError('GZIP_FAILED', `${what}: ${reason}; the gzip stream is corrupt or not gzip`, { ...(path !== undefined ? { path } : {}) }, { cause: e });
}

/**
 * Inflates just enough of a gzip stream to get its first `wanted` bytes (fewer when the stream is
 * shorter), without inflating the rest: prefixes of growing length are inflated with Z_SYNC_FLUSH.
 * Output is bounded by the deflate ratio of the prefix, so a hostile stream cannot blow up memory.
 * @throws MedlensError GZIP_FAILED
 */
export function gunzipPrefix(bytes: Uint8Array, wanted: number, path?: string): Uint8Array {
  for (let prefix = 1024; ; prefix *= 8) {
    const end = Math.min(prefix, bytes.length);
    let out: Uint8Array;
    try {
      out = gunzipSync(bytes.subarray(0, end), {
        finishFlush: constants.Z_SYNC_FLUSH,
        maxOutputLength: Math.min(maxInflatedLength(end), bufferConstants.MAX_LENGTH),
      });
    } catch (e) {
      throw gzipError(e, 'cannot inflate the file header', path);
    }
    if (out.length >= wanted || end === bytes.length) return out;
  }
}

/**
 * Inflates a whole gzip stream (all members), refusing to produce more than `maxOutputLength` bytes.
 * @param tooLargeCode code raised when the stream inflates beyond the cap (the caller's format).
 * @throws MedlensError GZIP_FAILED (corrupt stream or output beyond the cap)
 */
export function gunzipCapped(bytes: Uint8Array, maxOutputLength: number, path?: string, tooLargeCode: ErrorCode = 'GZIP_FAILED'): Uint8Array {
  const cap = Math.min(Math.max(1, Math.floor(maxOutputLength)), bufferConstants.MAX_LENGTH);
  try {
    return gunzipSync(bytes, { maxOutputLength: cap });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new MedlensError(tooLargeCode, `gzip stream inflates to more than ${cap} bytes, far beyond what the header declares`, {
        ...(path !== undefined ? { path } : {}),
        field: 'gzip',
      }, { cause: e });
    }
    throw gzipError(e, 'cannot inflate the data', path);
  }
}

/**
 * Compresses `parts` (concatenated in order) as one gzip member at `level` (0–9). The parts are
 * copied once into a single input buffer (Buffer.concat); that is the only copy of the voxel data.
 * @throws MedlensError USAGE_INVALID_ARGUMENT (level outside 0–9)
 */
export function gzipParts(parts: readonly Uint8Array[], level: number = DEFAULT_COMPRESSION_LEVEL): Uint8Array {
  if (!Number.isInteger(level) || level < 0 || level > 9) {
    throw new MedlensError('USAGE_INVALID_ARGUMENT', `compressionLevel must be an integer 0–9, got ${level}`, { field: 'compressionLevel' });
  }
  const input = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  return gzipSync(input, { level });
}
