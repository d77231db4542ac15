/**
 * A small free list of SharedArrayBuffers by byte length, for fused kernels' work memory. A fresh
 * buffer costs more than its size suggests: the pages are mapped lazily and every first touch
 * faults (a 6 MB arena of the straight-line executor: ≈ 3 ms, as long as the kernel's own forward
 * pass). Buffers come back with stale contents, so a kernel must write everything it reads.
 *
 * A kernel's forward pass takes a buffer and `fusedOp` gives it back after the backward pass
 * (tfjs may run several forwards before their backwards; a forward whose backward never comes
 * simply leaves its buffer to the garbage collector).
 */
const MAX_PER_SIZE = 4;
const MAX_FREE_BYTES = 256 * 2 ** 20;

const free = new Map<number, SharedArrayBuffer[]>();
let freeBytes = 0;

export function acquireShared(bytes: number): SharedArrayBuffer {
  const buffer = free.get(bytes)?.pop();
  if (!buffer) return new SharedArrayBuffer(bytes);
  freeBytes -= bytes;
  return buffer;
}

export function releaseShared(buffer: SharedArrayBuffer): void {
  const bytes = buffer.byteLength;
  const list = free.get(bytes) ?? [];
  if (list.length >= MAX_PER_SIZE || freeBytes + bytes > MAX_FREE_BYTES || list.includes(buffer)) return;
  list.push(buffer);
  free.set(bytes, list);
  freeBytes += bytes;
}
