;; PointNet's symmetric pooling, max over a set's N elements (ROAP Appendix A; src/nets/pool.ts),
;; forward and backward, in WebAssembly with 128-bit SIMD, float32, in place on tfjs's heap
;; (src/nets/setMaxHeap.ts). x is [B, N, F] with F a multiple of 4; pointers are byte offsets into
;; the imported memory. The module has no data segments and keeps nothing in memory.
;; Assembled into setMaxBytes.ts by `npm run build:wasm` (scripts/buildWasm.ts).
(module
  (import "env" "memory" (memory 1))

  ;; out[b, f] = max_n x[b, n, f] (f32x4.max: a NaN anywhere gives NaN, as tf.max).
  (func (export "forward") (param $x i32) (param $out i32) (param $B i32) (param $N i32) (param $F i32)
    (local $rowBytes i32) (local $b i32) (local $n i32) (local $f i32) (local $o i32)
    (local.set $rowBytes (i32.shl (local.get $F) (i32.const 2)))
    (block $setsDone
      (loop $set
        (br_if $setsDone (i32.ge_u (local.get $b) (local.get $B)))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $b) (local.get $rowBytes))))
        (memory.copy (local.get $o) (local.get $x) (local.get $rowBytes))
        (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
        (local.set $n (i32.const 1))
        (block $elementsDone
          (loop $element
            (br_if $elementsDone (i32.ge_u (local.get $n) (local.get $N)))
            (local.set $f (i32.const 0))
            (block $lanesDone
              (loop $lane
                (br_if $lanesDone (i32.ge_u (local.get $f) (local.get $rowBytes)))
                (v128.store (i32.add (local.get $o) (local.get $f))
                  (f32x4.max (v128.load (i32.add (local.get $o) (local.get $f))) (v128.load (i32.add (local.get $x) (local.get $f)))))
                (local.set $f (i32.add (local.get $f) (i32.const 16)))
                (br $lane)))
            (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $element)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $set))))

  ;; dx[b, n, f] = dy[b, f] where x[b, n, f] = max[b, f], else 0: every maximal element gets the
  ;; whole gradient, as tfjs's gradient of tf.max.
  (func (export "backward") (param $x i32) (param $max i32) (param $dy i32) (param $dx i32) (param $B i32) (param $N i32) (param $F i32)
    (local $rowBytes i32) (local $b i32) (local $n i32) (local $f i32) (local $m i32) (local $g i32)
    (local.set $rowBytes (i32.shl (local.get $F) (i32.const 2)))
    (block $setsDone
      (loop $set
        (br_if $setsDone (i32.ge_u (local.get $b) (local.get $B)))
        (local.set $m (i32.add (local.get $max) (i32.mul (local.get $b) (local.get $rowBytes))))
        (local.set $g (i32.add (local.get $dy) (i32.mul (local.get $b) (local.get $rowBytes))))
        (local.set $n (i32.const 0))
        (block $elementsDone
          (loop $element
            (br_if $elementsDone (i32.ge_u (local.get $n) (local.get $N)))
            (local.set $f (i32.const 0))
            (block $lanesDone
              (loop $lane
                (br_if $lanesDone (i32.ge_u (local.get $f) (local.get $rowBytes)))
                (v128.store (i32.add (local.get $dx) (local.get $f))
                  (v128.and
                    (f32x4.eq (v128.load (i32.add (local.get $x) (local.get $f))) (v128.load (i32.add (local.get $m) (local.get $f))))
                    (v128.load (i32.add (local.get $g) (local.get $f)))))
                (local.set $f (i32.add (local.get $f) (i32.const 16)))
                (br $lane)))
            (local.set $x (i32.add (local.get $x) (local.get $rowBytes)))
            (local.set $dx (i32.add (local.get $dx) (local.get $rowBytes)))
            (local.set $n (i32.add (local.get $n) (i32.const 1)))
            (br $element)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $set))))
)
