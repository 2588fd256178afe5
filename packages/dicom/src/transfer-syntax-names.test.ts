import { describe, expect, it } from 'vitest';
import { frameCodecFor } from './codecs/codec-registry.js';
import './decode-frame.js'; // registers the codecs
import { TS } from './parse-dicom.js';
import { TRANSFER_SYNTAX_NAMES, transferSyntaxName } from './transfer-syntax-names.js';

describe('transferSyntaxName', () => {
  it('names known syntaxes and passes unknown UIDs through', () => {
    expect(transferSyntaxName(TS.explicitLittle)).toBe('Explicit VR LE');
    expect(transferSyntaxName('1.2.3.4')).toBe('1.2.3.4');
  });
  it('every named encapsulated syntax has a decoder (registry covered both ways)', () => {
    const native = new Set<string>([TS.implicitLittle, TS.explicitLittle, TS.explicitBig, TS.deflated]);
    for (const uid of Object.keys(TRANSFER_SYNTAX_NAMES)) {
      if (native.has(uid)) continue;
      expect(() => frameCodecFor(uid), uid).not.toThrow();
    }
  });
});
