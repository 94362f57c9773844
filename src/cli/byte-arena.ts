/**
 * UTF-8 bytes of many strings, packed into large shared buffers. A batch build keeps every artifact
 * until all policies have compiled (all or nothing), and keeping them as bytes outside the
 * JavaScript heap spares the garbage collector from copying and marking them on every pass; one
 * buffer per artifact would instead cost an allocation each, thousands in a batch.
 */
const SLAB = 1 << 20;

/** Encodes strings into slabs of at least 1 MiB; each result is a view of its slab. */
export class ByteArena {
  private slab: Buffer = Buffer.alloc(0);
  private used = 0;

  /** The UTF-8 bytes of `text`, as a view that stays valid for the arena's life. */
  encode(text: string): Buffer {
    const size = Buffer.byteLength(text, 'utf8');
    if (this.used + size > this.slab.length) {
      this.slab = Buffer.allocUnsafe(Math.max(SLAB, size));
      this.used = 0;
    }
    const start = this.used;
    this.used += this.slab.write(text, start, 'utf8');
    return this.slab.subarray(start, this.used);
  }
}
