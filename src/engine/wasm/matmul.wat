;; Matrix products for the wasm backend's BatchMatMul, in WebAssembly with 128-bit SIMD, float32,
;; in place on tfjs's heap (src/engine/kernels/matmulHeap.ts). Two layouts, the two that training
;; an MLP over many rows needs (docs/benchmarks.md, "Products"):
;;   nn: C[M, N] = A[M, K] · B[K, N]          (forward, and dA = dY · Wᵀ with Wᵀ made explicit)
;;   tn: C[K, N] = A[M, K]ᵀ · B[M, N]         (the weight gradient dW = Xᵀ · dY)
;; N must be a multiple of 4; M and K are free. Pointers are byte offsets into the imported memory.
;; The module has no data segments and keeps nothing in memory, so importing the heap is safe.
;;
;; Both run the same register tiles: a tile computes an R × W block of C (R = 4 or 1 rows, W = 8 or
;; 4 columns) as C[r, j..j+W) (+)= Σ_s a(r, s) · B[s, j..j+W), B's step s at pb + s·bStride. For
;; nn the steps are k and a(r, k) = A[i+r, k]; for tn they are m and a(r, m) = A[m, k+r]. Every
;; element of C is summed in step order (k or m ascending, one multiply and one add per step), so
;; the results do not depend on the tiling, and equal XNNPACK's on the same products bitwise as far
;; as measured (docs/benchmarks.md).
;; Assembled into matmulBytes.ts by `npm run build:wasm` (scripts/buildWasm.ts).
(module
  (import "env" "memory" (memory 1))

  ;; 4 rows × 8 columns: eight accumulators, two B vectors and one broadcast per step. The four
  ;; rows' a(r, s) lie side by side: at pa + 4r + s·stepStride.
  (func $tile4x8
    (param $pa i32) (param $stepStride i32) (param $pb i32) (param $bStride i32)
    (param $steps i32) (param $pc i32) (param $cStride i32) (param $accumulate i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)
    (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $s i32)
    (local.set $q1 (i32.add (local.get $pc) (local.get $cStride)))
    (local.set $q2 (i32.add (local.get $q1) (local.get $cStride)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $cStride)))
    (if (local.get $accumulate)
      (then
        (local.set $c00 (v128.load (local.get $pc)))
        (local.set $c01 (v128.load offset=16 (local.get $pc)))
        (local.set $c10 (v128.load (local.get $q1)))
        (local.set $c11 (v128.load offset=16 (local.get $q1)))
        (local.set $c20 (v128.load (local.get $q2)))
        (local.set $c21 (v128.load offset=16 (local.get $q2)))
        (local.set $c30 (v128.load (local.get $q3)))
        (local.set $c31 (v128.load offset=16 (local.get $q3)))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $s) (local.get $steps)))
        (local.set $b0 (v128.load (local.get $pb)))
        (local.set $b1 (v128.load offset=16 (local.get $pb)))
        (local.set $x (v128.load32_splat (local.get $pa)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=4 (local.get $pa)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $pa)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=12 (local.get $pa)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $pa (i32.add (local.get $pa) (local.get $stepStride)))
        (local.set $pb (i32.add (local.get $pb) (local.get $bStride)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $pc) (local.get $c00))
    (v128.store offset=16 (local.get $pc) (local.get $c01))
    (v128.store (local.get $q1) (local.get $c10))
    (v128.store offset=16 (local.get $q1) (local.get $c11))
    (v128.store (local.get $q2) (local.get $c20))
    (v128.store offset=16 (local.get $q2) (local.get $c21))
    (v128.store (local.get $q3) (local.get $c30))
    (v128.store offset=16 (local.get $q3) (local.get $c31)))

  ;; 4 rows × 4 columns (the last column block when N is not a multiple of 8).
  (func $tile4x4
    (param $pa i32) (param $stepStride i32) (param $pb i32) (param $bStride i32)
    (param $steps i32) (param $pc i32) (param $cStride i32) (param $accumulate i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $b0 v128)
    (local $q1 i32) (local $q2 i32) (local $q3 i32) (local $s i32)
    (local.set $q1 (i32.add (local.get $pc) (local.get $cStride)))
    (local.set $q2 (i32.add (local.get $q1) (local.get $cStride)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $cStride)))
    (if (local.get $accumulate)
      (then
        (local.set $c0 (v128.load (local.get $pc)))
        (local.set $c1 (v128.load (local.get $q1)))
        (local.set $c2 (v128.load (local.get $q2)))
        (local.set $c3 (v128.load (local.get $q3)))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $s) (local.get $steps)))
        (local.set $b0 (v128.load (local.get $pb)))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $pa)) (local.get $b0))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (v128.load32_splat offset=4 (local.get $pa)) (local.get $b0))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (v128.load32_splat offset=8 (local.get $pa)) (local.get $b0))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (v128.load32_splat offset=12 (local.get $pa)) (local.get $b0))))
        (local.set $pa (i32.add (local.get $pa) (local.get $stepStride)))
        (local.set $pb (i32.add (local.get $pb) (local.get $bStride)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $pc) (local.get $c0))
    (v128.store (local.get $q1) (local.get $c1))
    (v128.store (local.get $q2) (local.get $c2))
    (v128.store (local.get $q3) (local.get $c3)))

  ;; 1 row × 8 columns (the last rows when the row count is not a multiple of 4).
  (func $tile1x8
    (param $pa i32) (param $stepStride i32) (param $pb i32) (param $bStride i32)
    (param $steps i32) (param $pc i32) (param $accumulate i32)
    (local $c0 v128) (local $c1 v128) (local $x v128) (local $s i32)
    (if (local.get $accumulate)
      (then
        (local.set $c0 (v128.load (local.get $pc)))
        (local.set $c1 (v128.load offset=16 (local.get $pc)))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $s) (local.get $steps)))
        (local.set $x (v128.load32_splat (local.get $pa)))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $x) (v128.load (local.get $pb)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $x) (v128.load offset=16 (local.get $pb)))))
        (local.set $pa (i32.add (local.get $pa) (local.get $stepStride)))
        (local.set $pb (i32.add (local.get $pb) (local.get $bStride)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $pc) (local.get $c0))
    (v128.store offset=16 (local.get $pc) (local.get $c1)))

  ;; 1 row × 4 columns.
  (func $tile1x4
    (param $pa i32) (param $stepStride i32) (param $pb i32) (param $bStride i32)
    (param $steps i32) (param $pc i32) (param $accumulate i32)
    (local $c0 v128) (local $s i32)
    (if (local.get $accumulate) (then (local.set $c0 (v128.load (local.get $pc)))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $s) (local.get $steps)))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $pa)) (v128.load (local.get $pb)))))
        (local.set $pa (i32.add (local.get $pa) (local.get $stepStride)))
        (local.set $pb (i32.add (local.get $pb) (local.get $bStride)))
        (local.set $s (i32.add (local.get $s) (i32.const 1)))
        (br $step)))
    (v128.store (local.get $pc) (local.get $c0)))

  ;; Row block(s) of C times B, every column block: 8-column tiles, then one 4-column tile when
  ;; N ≡ 4 (mod 8). C's and B's rows are 4N bytes apart. `rows4` uses the 4-row tiles (a(r, s) at
  ;; pa + 4r + s·stepStride), `row1` the 1-row tiles (a(s) at pa + s·stepStride).
  (func $rows4
    (param $pa i32) (param $stepStride i32) (param $pb i32) (param $steps i32) (param $pc i32) (param $N i32) (param $accumulate i32)
    (local $j i32) (local $wide i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $N) (i32.const 2)))
    (local.set $wide (i32.shl (i32.and (local.get $N) (i32.const -8)) (i32.const 2)))
    (block $done
      (loop $col
        (br_if $done (i32.ge_u (local.get $j) (local.get $wide)))
        (call $tile4x8 (local.get $pa) (local.get $stepStride) (i32.add (local.get $pb) (local.get $j)) (local.get $rowBytes)
          (local.get $steps) (i32.add (local.get $pc) (local.get $j)) (local.get $rowBytes) (local.get $accumulate))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $col)))
    (if (i32.lt_u (local.get $wide) (local.get $rowBytes))
      (then
        (call $tile4x4 (local.get $pa) (local.get $stepStride) (i32.add (local.get $pb) (local.get $wide)) (local.get $rowBytes)
          (local.get $steps) (i32.add (local.get $pc) (local.get $wide)) (local.get $rowBytes) (local.get $accumulate)))))

  (func $row1
    (param $pa i32) (param $stepStride i32) (param $pb i32) (param $steps i32) (param $pc i32) (param $N i32) (param $accumulate i32)
    (local $j i32) (local $wide i32) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $N) (i32.const 2)))
    (local.set $wide (i32.shl (i32.and (local.get $N) (i32.const -8)) (i32.const 2)))
    (block $done
      (loop $col
        (br_if $done (i32.ge_u (local.get $j) (local.get $wide)))
        (call $tile1x8 (local.get $pa) (local.get $stepStride) (i32.add (local.get $pb) (local.get $j)) (local.get $rowBytes)
          (local.get $steps) (i32.add (local.get $pc) (local.get $j)) (local.get $accumulate))
        (local.set $j (i32.add (local.get $j) (i32.const 32)))
        (br $col)))
    (if (i32.lt_u (local.get $wide) (local.get $rowBytes))
      (then
        (call $tile1x4 (local.get $pa) (local.get $stepStride) (i32.add (local.get $pb) (local.get $wide)) (local.get $rowBytes)
          (local.get $steps) (i32.add (local.get $pc) (local.get $wide)) (local.get $accumulate)))))

  ;; C[M, N] = A[M, K] · B[K, N]. Each block of four rows of A is first copied into `panel`
  ;; (4K floats of scratch) as [K][4], so that the 4-row tiles read a(r, k) = A[i+r, k] side by side.
  (func (export "nn") (param $a i32) (param $b i32) (param $c i32) (param $M i32) (param $K i32) (param $N i32) (param $panel i32)
    (local $i i32) (local $k i32) (local $row i32) (local $to i32) (local $rowBytes i32) (local $cRowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $K) (i32.const 2)))
    (local.set $cRowBytes (i32.shl (local.get $N) (i32.const 2)))
    (block $blocksDone
      (loop $block
        (br_if $blocksDone (i32.gt_u (i32.add (local.get $i) (i32.const 4)) (local.get $M)))
        (local.set $row (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $to (local.get $panel))
        (local.set $k (i32.const 0))
        (block $packed
          (loop $pack
            (br_if $packed (i32.ge_u (local.get $k) (local.get $K)))
            (f32.store (local.get $to) (f32.load (local.get $row)))
            (f32.store offset=4 (local.get $to) (f32.load (i32.add (local.get $row) (local.get $rowBytes))))
            (f32.store offset=8 (local.get $to) (f32.load (i32.add (local.get $row) (i32.shl (local.get $rowBytes) (i32.const 1)))))
            (f32.store offset=12 (local.get $to) (f32.load (i32.add (local.get $row) (i32.mul (local.get $rowBytes) (i32.const 3)))))
            (local.set $row (i32.add (local.get $row) (i32.const 4)))
            (local.set $to (i32.add (local.get $to) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (br $pack)))
        (call $rows4 (local.get $panel) (i32.const 16) (local.get $b) (local.get $K)
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cRowBytes))) (local.get $N) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br $block)))
    (block $rowsDone
      (loop $single
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $M)))
        (call $row1 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))) (i32.const 4) (local.get $b) (local.get $K)
          (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $cRowBytes))) (local.get $N) (i32.const 0))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $single))))

  ;; C[K, N] = A[M, K]ᵀ · B[M, N]: the rows of C are A's columns, whose four a(r, m) = A[m, k+r] lie
  ;; side by side already. M is walked in chunks small enough for a chunk of A and of B to stay in
  ;; L1 (8192 / (K + N) rows, at least 16, at most 128: 64 rows at K = N = 64, measured best);
  ;; the first chunk writes C, the others add to it.
  (func (export "tn") (param $a i32) (param $b i32) (param $c i32) (param $M i32) (param $K i32) (param $N i32)
    (local $m i32) (local $steps i32) (local $chunk i32) (local $r i32) (local $pa i32) (local $pb i32) (local $accumulate i32)
    (local.set $chunk (i32.div_u (i32.const 8192) (i32.add (local.get $K) (local.get $N))))
    (if (i32.lt_u (local.get $chunk) (i32.const 16)) (then (local.set $chunk (i32.const 16))))
    (if (i32.gt_u (local.get $chunk) (i32.const 128)) (then (local.set $chunk (i32.const 128))))
    (block $done
      (loop $chunkLoop
        (local.set $steps (i32.sub (local.get $M) (local.get $m)))
        (if (i32.gt_u (local.get $steps) (local.get $chunk)) (then (local.set $steps (local.get $chunk))))
        (local.set $pa (i32.add (local.get $a) (i32.shl (i32.mul (local.get $m) (local.get $K)) (i32.const 2))))
        (local.set $pb (i32.add (local.get $b) (i32.shl (i32.mul (local.get $m) (local.get $N)) (i32.const 2))))
        (local.set $accumulate (i32.ne (local.get $m) (i32.const 0)))
        (local.set $r (i32.const 0))
        (block $quadsDone
          (loop $quad
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $r) (i32.const 4)) (local.get $K)))
            (call $rows4 (i32.add (local.get $pa) (i32.shl (local.get $r) (i32.const 2))) (i32.shl (local.get $K) (i32.const 2)) (local.get $pb)
              (local.get $steps) (i32.add (local.get $c) (i32.shl (i32.mul (local.get $r) (local.get $N)) (i32.const 2))) (local.get $N) (local.get $accumulate))
            (local.set $r (i32.add (local.get $r) (i32.const 4)))
            (br $quad)))
        (block $singlesDone
          (loop $single
            (br_if $singlesDone (i32.ge_u (local.get $r) (local.get $K)))
            (call $row1 (i32.add (local.get $pa) (i32.shl (local.get $r) (i32.const 2))) (i32.shl (local.get $K) (i32.const 2)) (local.get $pb)
              (local.get $steps) (i32.add (local.get $c) (i32.shl (i32.mul (local.get $r) (local.get $N)) (i32.const 2))) (local.get $N) (local.get $accumulate))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $single)))
        (local.set $m (i32.add (local.get $m) (local.get $steps)))
        (br_if $chunkLoop (i32.lt_u (local.get $m) (local.get $M))))))
)
