/**
 * The IJG "islow" integer inverse DCT (libjpeg jidctint.c, Loeffler–Ligtenberg–Moschytz with
 * 13-bit constants), used by DCMTK's dcmdjpeg — reproduced so lossy JPEG decodes match the
 * reference decoder closely. PASS1_BITS is 2 for 8-bit and 1 for 12-bit data, as in libjpeg.
 * @packageDocumentation
 */

const CONST_BITS = 13;
const F_0_298631336 = 2446;
const F_0_390180644 = 3196;
const F_0_541196100 = 4433;
const F_0_765366865 = 6270;
const F_0_899976223 = 7373;
const F_1_175875602 = 9633;
const F_1_501321110 = 12299;
const F_1_847759065 = 15137;
const F_1_961570560 = 16069;
const F_2_053119869 = 16819;
const F_2_562915447 = 20995;
const F_3_072711026 = 25172;

const ws = new Float64Array(64);

/** Rounding right shift on exact integers held in doubles (values may exceed 32 bits). */
function descale(x: number, n: number): number {
  return Math.floor((x + 2 ** (n - 1)) / 2 ** n);
}

/**
 * Inverse-transforms one block: `coef` (natural order, quantised) × `q`, level-shifted and clamped
 * to 0…2^precision−1, written 8×8 into `out` at `offset` with row `stride`.
 */
export function idctIslow(coef: Int32Array, q: Int32Array, out: Uint16Array, offset: number, stride: number, precision: number): void {
  const pass1 = precision <= 8 ? 2 : 1;
  const center = 1 << (precision - 1);
  const max = (1 << precision) - 1;
  for (let c = 0; c < 8; c++) {
    if (coef[c + 8] === 0 && coef[c + 16] === 0 && coef[c + 24] === 0 && coef[c + 32] === 0 && coef[c + 40] === 0 && coef[c + 48] === 0 && coef[c + 56] === 0) {
      const dcval = coef[c]! * q[c]! * 2 ** pass1;
      for (let k = 0; k < 8; k++) ws[c + 8 * k] = dcval;
      continue;
    }
    let z2 = coef[c + 16]! * q[c + 16]!;
    let z3 = coef[c + 48]! * q[c + 48]!;
    let z1 = (z2 + z3) * F_0_541196100;
    let tmp2 = z1 - z3 * F_1_847759065;
    let tmp3 = z1 + z2 * F_0_765366865;
    z2 = coef[c]! * q[c]!;
    z3 = coef[c + 32]! * q[c + 32]!;
    let tmp0 = (z2 + z3) * 2 ** CONST_BITS;
    let tmp1 = (z2 - z3) * 2 ** CONST_BITS;
    const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
    tmp0 = coef[c + 56]! * q[c + 56]!;
    tmp1 = coef[c + 40]! * q[c + 40]!;
    tmp2 = coef[c + 24]! * q[c + 24]!;
    tmp3 = coef[c + 8]! * q[c + 8]!;
    z1 = tmp0 + tmp3; z2 = tmp1 + tmp2; z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * F_1_175875602;
    tmp0 *= F_0_298631336; tmp1 *= F_2_053119869; tmp2 *= F_3_072711026; tmp3 *= F_1_501321110;
    z1 *= -F_0_899976223; z2 *= -F_2_562915447; z3 *= -F_1_961570560; z4 *= -F_0_390180644;
    z3 += z5; z4 += z5;
    tmp0 += z1 + z3; tmp1 += z2 + z4; tmp2 += z2 + z3; tmp3 += z1 + z4;
    const n = CONST_BITS - pass1;
    ws[c] = descale(tmp10 + tmp3, n); ws[c + 56] = descale(tmp10 - tmp3, n);
    ws[c + 8] = descale(tmp11 + tmp2, n); ws[c + 48] = descale(tmp11 - tmp2, n);
    ws[c + 16] = descale(tmp12 + tmp1, n); ws[c + 40] = descale(tmp12 - tmp1, n);
    ws[c + 24] = descale(tmp13 + tmp0, n); ws[c + 32] = descale(tmp13 - tmp0, n);
  }
  const n2 = CONST_BITS + pass1 + 3;
  const clamp = (v: number): number => (v < 0 ? 0 : v > max ? max : v);
  for (let r = 0; r < 8; r++) {
    const w = r * 8;
    const o = offset + r * stride;
    if (ws[w + 1] === 0 && ws[w + 2] === 0 && ws[w + 3] === 0 && ws[w + 4] === 0 && ws[w + 5] === 0 && ws[w + 6] === 0 && ws[w + 7] === 0) {
      const v = clamp(descale(ws[w]!, pass1 + 3) + center);
      for (let k = 0; k < 8; k++) out[o + k] = v;
      continue;
    }
    let z2 = ws[w + 2]!;
    let z3 = ws[w + 6]!;
    let z1 = (z2 + z3) * F_0_541196100;
    let tmp2 = z1 - z3 * F_1_847759065;
    let tmp3 = z1 + z2 * F_0_765366865;
    let tmp0 = (ws[w]! + ws[w + 4]!) * 2 ** CONST_BITS;
    let tmp1 = (ws[w]! - ws[w + 4]!) * 2 ** CONST_BITS;
    const tmp10 = tmp0 + tmp3, tmp13 = tmp0 - tmp3, tmp11 = tmp1 + tmp2, tmp12 = tmp1 - tmp2;
    tmp0 = ws[w + 7]!; tmp1 = ws[w + 5]!; tmp2 = ws[w + 3]!; tmp3 = ws[w + 1]!;
    z1 = tmp0 + tmp3; z2 = tmp1 + tmp2; z3 = tmp0 + tmp2;
    let z4 = tmp1 + tmp3;
    const z5 = (z3 + z4) * F_1_175875602;
    tmp0 *= F_0_298631336; tmp1 *= F_2_053119869; tmp2 *= F_3_072711026; tmp3 *= F_1_501321110;
    z1 *= -F_0_899976223; z2 *= -F_2_562915447; z3 *= -F_1_961570560; z4 *= -F_0_390180644;
    z3 += z5; z4 += z5;
    tmp0 += z1 + z3; tmp1 += z2 + z4; tmp2 += z2 + z3; tmp3 += z1 + z4;
    out[o] = clamp(descale(tmp10 + tmp3, n2) + center); out[o + 7] = clamp(descale(tmp10 - tmp3, n2) + center);
    out[o + 1] = clamp(descale(tmp11 + tmp2, n2) + center); out[o + 6] = clamp(descale(tmp11 - tmp2, n2) + center);
    out[o + 2] = clamp(descale(tmp12 + tmp1, n2) + center); out[o + 5] = clamp(descale(tmp12 - tmp1, n2) + center);
    out[o + 3] = clamp(descale(tmp13 + tmp0, n2) + center); out[o + 4] = clamp(descale(tmp13 - tmp0, n2) + center);
  }
}
