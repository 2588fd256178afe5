;; Medlens rescale kernels: stored 16-bit samples → float32 modality values, value = stored·slope + intercept.
;; Arithmetic in float64 then rounded once to float32 — bit-identical to the scalar JavaScript
;; `f32[i] = stored[i] * slope + intercept` (JS numbers are float64), so the pool and inline paths agree.
;; WASM SIMD (fixed-width 128-bit) processes 8 samples per iteration. `rescale16f32` computes in float32
;; lanes (twice the throughput); the caller uses it only when every product and sum is an integer below
;; 2^24 (integer slope |s| ≤ 256, integer intercept |b| ≤ 2^23), where float32 and float64 agree exactly.
;; Layout: the caller copies `n` samples to `src`, calls, and reads `n` float32 at `dst`.
;; Build: node packages/dicom/scripts/build-wasm.mjs (needs Debian's wabt: wat2wasm).
(module
  (memory (export "memory") 1)

  ;; 4 int32 lanes → 4 float32 lanes of a·slope + b, through float64.
  (func $affine4 (param $a v128) (param $s v128) (param $b v128) (result v128)
    (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
      (f32x4.demote_f64x2_zero
        (f64x2.add (f64x2.mul (f64x2.convert_low_i32x4_s (local.get $a)) (local.get $s)) (local.get $b)))
      (f32x4.demote_f64x2_zero
        (f64x2.add
          (f64x2.mul
            (f64x2.convert_low_i32x4_s
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
            (local.get $s))
          (local.get $b)))))

  ;; $signed = 1: int16 samples, 0: uint16 samples.
  (func (export "rescale16") (param $src i32) (param $dst i32) (param $n i32) (param $signed i32)
                              (param $slope f64) (param $intercept f64)
    (local $i i32) (local $end i32) (local $v v128) (local $s v128) (local $b v128) (local $lo v128) (local $hi v128) (local $o i32)
    (local.set $s (f64x2.splat (local.get $slope)))
    (local.set $b (f64x2.splat (local.get $intercept)))
    (local.set $end (i32.and (local.get $n) (i32.const -8)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load align=1 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))))
        (if (local.get $signed)
          (then
            (local.set $lo (i32x4.extend_low_i16x8_s (local.get $v)))
            (local.set $hi (i32x4.extend_high_i16x8_s (local.get $v))))
          (else
            (local.set $lo (i32x4.extend_low_i16x8_u (local.get $v)))
            (local.set $hi (i32x4.extend_high_i16x8_u (local.get $v)))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
        (v128.store align=1 (local.get $o) (call $affine4 (local.get $lo) (local.get $s) (local.get $b)))
        (v128.store offset=16 align=1 (local.get $o) (call $affine4 (local.get $hi) (local.get $s) (local.get $b)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $loop)))
    (block $done2
      (loop $tail
        (br_if $done2 (i32.ge_u (local.get $i) (local.get $n)))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (f32.demote_f64
            (f64.add
              (f64.mul
                (if (result f64) (local.get $signed)
                  (then (f64.convert_i32_s (i32.load16_s (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1))))))
                  (else (f64.convert_i32_u (i32.load16_u (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))))))
                (local.get $slope))
              (local.get $intercept))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))

  (func (export "rescale16f32") (param $src i32) (param $dst i32) (param $n i32) (param $signed i32)
                                 (param $slope f32) (param $intercept f32)
    (local $i i32) (local $end i32) (local $v v128) (local $s v128) (local $b v128) (local $lo v128) (local $hi v128) (local $o i32)
    (local.set $s (f32x4.splat (local.get $slope)))
    (local.set $b (f32x4.splat (local.get $intercept)))
    (local.set $end (i32.and (local.get $n) (i32.const -8)))
    (block $done
      (loop $loop
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $v (v128.load align=1 (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))))
        (if (local.get $signed)
          (then
            (local.set $lo (i32x4.extend_low_i16x8_s (local.get $v)))
            (local.set $hi (i32x4.extend_high_i16x8_s (local.get $v))))
          (else
            (local.set $lo (i32x4.extend_low_i16x8_u (local.get $v)))
            (local.set $hi (i32x4.extend_high_i16x8_u (local.get $v)))))
        (local.set $o (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2))))
        (v128.store align=1 (local.get $o)
          (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (local.get $lo)) (local.get $s)) (local.get $b)))
        (v128.store offset=16 align=1 (local.get $o)
          (f32x4.add (f32x4.mul (f32x4.convert_i32x4_s (local.get $hi)) (local.get $s)) (local.get $b)))
        (local.set $i (i32.add (local.get $i) (i32.const 8)))
        (br $loop)))
    (block $done2
      (loop $tail
        (br_if $done2 (i32.ge_u (local.get $i) (local.get $n)))
        (f32.store (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 2)))
          (f32.add
            (f32.mul
              (if (result f32) (local.get $signed)
                (then (f32.convert_i32_s (i32.load16_s (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1))))))
                (else (f32.convert_i32_u (i32.load16_u (i32.add (local.get $src) (i32.shl (local.get $i) (i32.const 1)))))))
              (local.get $slope))
            (local.get $intercept)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $tail))))
)
