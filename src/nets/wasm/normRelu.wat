;; A hidden layer's epilogue, bias + LayerNorm (with affine part) + ReLU, forward and backward, in
;; WebAssembly with 128-bit SIMD. The same function as src/nets/normReluKernel.ts (its float64
;; reference, checked against finite differences); see there for the equations (Ba, Kiros & Hinton
;; 2016; ROAP §4.1). Every array is float32; F must be a multiple of 4. Pointers are byte offsets
;; into the imported memory: a memory of the caller's own (normReluWasm.ts, which lays out and grows
;; it) or the tfjs wasm backend's heap, where the kernel works on tensors in place (normReluHeap.ts).
;; The module has no data segments and keeps nothing in memory, so importing the heap is safe.
;; Assembled into normReluWasmBytes.ts by `npm run build:wasm` (scripts/buildWasm.ts).
(module
  (import "env" "memory" (memory 1))

  ;; Sum of the four lanes.
  (func $hsum (param $v v128) (result f32)
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $v)) (f32x4.extract_lane 1 (local.get $v)))
      (f32.add (f32x4.extract_lane 2 (local.get $v)) (f32x4.extract_lane 3 (local.get $v)))))

  ;; out[r, f] = max(0, gain[f] · (z[r, f] + b[f] − μ_r) · inv_r + shift[f]); saves μ_r and inv_r = 1/√(var_r + ε).
  (func (export "forward")
    (param $z i32) (param $b i32) (param $gain i32) (param $shift i32) (param $out i32)
    (param $mean i32) (param $inv i32) (param $rows i32) (param $F i32) (param $eps f32)
    (local $r i32) (local $f i32) (local $row i32) (local $bytes i32)
    (local $acc v128) (local $u v128) (local $mu f32) (local $is f32) (local $muv v128) (local $isv v128)
    (local.set $bytes (i32.shl (local.get $F) (i32.const 2)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $row (i32.mul (local.get $r) (local.get $bytes)))
        ;; μ = mean(z + b)
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $f (i32.const 0))
        (block $d1 (loop $l1
          (br_if $d1 (i32.ge_u (local.get $f) (local.get $bytes)))
          (local.set $acc (f32x4.add (local.get $acc)
            (f32x4.add (v128.load (i32.add (local.get $z) (i32.add (local.get $row) (local.get $f))))
                       (v128.load (i32.add (local.get $b) (local.get $f))))))
          (local.set $f (i32.add (local.get $f) (i32.const 16)))
          (br $l1)))
        (local.set $mu (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (local.get $F))))
        (local.set $muv (f32x4.splat (local.get $mu)))
        ;; var = mean((z + b − μ)²)
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $f (i32.const 0))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $f) (local.get $bytes)))
          (local.set $u (f32x4.sub
            (f32x4.add (v128.load (i32.add (local.get $z) (i32.add (local.get $row) (local.get $f))))
                       (v128.load (i32.add (local.get $b) (local.get $f))))
            (local.get $muv)))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $u) (local.get $u))))
          (local.set $f (i32.add (local.get $f) (i32.const 16)))
          (br $l2)))
        (local.set $is (f32.div (f32.const 1)
          (f32.sqrt (f32.add (f32.div (call $hsum (local.get $acc)) (f32.convert_i32_u (local.get $F))) (local.get $eps)))))
        (local.set $isv (f32x4.splat (local.get $is)))
        (f32.store (i32.add (local.get $mean) (i32.shl (local.get $r) (i32.const 2))) (local.get $mu))
        (f32.store (i32.add (local.get $inv) (i32.shl (local.get $r) (i32.const 2))) (local.get $is))
        ;; out = relu(γ · x̂ + β)
        (local.set $f (i32.const 0))
        (block $d3 (loop $l3
          (br_if $d3 (i32.ge_u (local.get $f) (local.get $bytes)))
          (local.set $u (f32x4.mul (local.get $isv) (f32x4.sub
            (f32x4.add (v128.load (i32.add (local.get $z) (i32.add (local.get $row) (local.get $f))))
                       (v128.load (i32.add (local.get $b) (local.get $f))))
            (local.get $muv))))
          (v128.store (i32.add (local.get $out) (i32.add (local.get $row) (local.get $f)))
            (f32x4.max (v128.const f32x4 0 0 0 0)
              (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $gain) (local.get $f))) (local.get $u))
                         (v128.load (i32.add (local.get $shift) (local.get $f))))))
          (local.set $f (i32.add (local.get $f) (i32.const 16)))
          (br $l3)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; Given dOut, writes dz [R, F] and accumulates dB, dGain, dShift [F] (zeroed by the caller):
  ;; δ = dOut · [γ x̂ + β > 0], g = δ γ, dz = inv · (g − mean(g) − x̂ · mean(g x̂)), dB += dz,
  ;; dGain += δ x̂, dShift += δ. Pass 1 parks g in dz; pass 2 overwrites it with the result.
  (func (export "backward")
    (param $z i32) (param $b i32) (param $gain i32) (param $shift i32) (param $dOut i32)
    (param $mean i32) (param $inv i32) (param $dz i32) (param $dB i32) (param $dGain i32) (param $dShift i32)
    (param $rows i32) (param $F i32)
    (local $r i32) (local $f i32) (local $row i32) (local $bytes i32)
    (local $muv v128) (local $isv v128) (local $xh v128) (local $delta v128) (local $g v128) (local $d v128)
    (local $sumG v128) (local $sumGx v128) (local $meanG v128) (local $meanGx v128) (local $count f32)
    (local.set $bytes (i32.shl (local.get $F) (i32.const 2)))
    (local.set $count (f32.convert_i32_u (local.get $F)))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $row (i32.mul (local.get $r) (local.get $bytes)))
        (local.set $muv (v128.load32_splat (i32.add (local.get $mean) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $isv (v128.load32_splat (i32.add (local.get $inv) (i32.shl (local.get $r) (i32.const 2)))))
        (local.set $sumG (v128.const f32x4 0 0 0 0))
        (local.set $sumGx (v128.const f32x4 0 0 0 0))
        (local.set $f (i32.const 0))
        (block $d1 (loop $l1
          (br_if $d1 (i32.ge_u (local.get $f) (local.get $bytes)))
          (local.set $xh (f32x4.mul (local.get $isv) (f32x4.sub
            (f32x4.add (v128.load (i32.add (local.get $z) (i32.add (local.get $row) (local.get $f))))
                       (v128.load (i32.add (local.get $b) (local.get $f))))
            (local.get $muv))))
          ;; δ = dOut where γ x̂ + β > 0, else 0
          (local.set $delta (v128.and
            (v128.load (i32.add (local.get $dOut) (i32.add (local.get $row) (local.get $f))))
            (f32x4.gt
              (f32x4.add (f32x4.mul (v128.load (i32.add (local.get $gain) (local.get $f))) (local.get $xh))
                         (v128.load (i32.add (local.get $shift) (local.get $f))))
              (v128.const f32x4 0 0 0 0))))
          (v128.store (i32.add (local.get $dShift) (local.get $f))
            (f32x4.add (v128.load (i32.add (local.get $dShift) (local.get $f))) (local.get $delta)))
          (v128.store (i32.add (local.get $dGain) (local.get $f))
            (f32x4.add (v128.load (i32.add (local.get $dGain) (local.get $f))) (f32x4.mul (local.get $delta) (local.get $xh))))
          (local.set $g (f32x4.mul (local.get $delta) (v128.load (i32.add (local.get $gain) (local.get $f)))))
          (v128.store (i32.add (local.get $dz) (i32.add (local.get $row) (local.get $f))) (local.get $g))
          (local.set $sumG (f32x4.add (local.get $sumG) (local.get $g)))
          (local.set $sumGx (f32x4.add (local.get $sumGx) (f32x4.mul (local.get $g) (local.get $xh))))
          (local.set $f (i32.add (local.get $f) (i32.const 16)))
          (br $l1)))
        (local.set $meanG (f32x4.splat (f32.div (call $hsum (local.get $sumG)) (local.get $count))))
        (local.set $meanGx (f32x4.splat (f32.div (call $hsum (local.get $sumGx)) (local.get $count))))
        (local.set $f (i32.const 0))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $f) (local.get $bytes)))
          (local.set $xh (f32x4.mul (local.get $isv) (f32x4.sub
            (f32x4.add (v128.load (i32.add (local.get $z) (i32.add (local.get $row) (local.get $f))))
                       (v128.load (i32.add (local.get $b) (local.get $f))))
            (local.get $muv))))
          (local.set $d (f32x4.mul (local.get $isv) (f32x4.sub
            (f32x4.sub (v128.load (i32.add (local.get $dz) (i32.add (local.get $row) (local.get $f)))) (local.get $meanG))
            (f32x4.mul (local.get $xh) (local.get $meanGx)))))
          (v128.store (i32.add (local.get $dz) (i32.add (local.get $row) (local.get $f))) (local.get $d))
          (v128.store (i32.add (local.get $dB) (local.get $f))
            (f32x4.add (v128.load (i32.add (local.get $dB) (local.get $f))) (local.get $d)))
          (local.set $f (i32.add (local.get $f) (i32.const 16)))
          (br $l2)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop)))))
