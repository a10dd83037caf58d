/**
 * Zeroed typed arrays carved out of large shared buffers. On Node 20 a small `new
 * Float64Array(12)` costs about 400 ns (its storage lives off the heap) and a view into an
 * existing buffer about 50 ns; a replication needs dozens of such arrays, so they come from here.
 * A slab is freed by the garbage collector once no view into it is left. Results never depend
 * on this: every view starts zeroed, as a new array would.
 */
type TypedArray = Float64Array | Int32Array | Uint8Array;

const SLAB_ELEMENTS = 1 << 16;

class Slab<A extends TypedArray> {
  private buffer: A;
  private used = 0;

  constructor(private readonly make: (length: number) => A) {
    this.buffer = make(SLAB_ELEMENTS);
  }

  take(length: number): A {
    if (this.used + length > this.buffer.length) {
      this.buffer = this.make(Math.max(SLAB_ELEMENTS, length));
      this.used = 0;
    }
    const view = this.buffer.subarray(this.used, this.used + length) as A;
    this.used += length;
    return view;
  }
}

const f64Slab = new Slab((n) => new Float64Array(n));
/** For arrays that outlive their replication (records, run metrics): a slab of their own, so
 * that keeping results never pins slabs full of a replication's scratch arrays. */
const keptF64Slab = new Slab((n) => new Float64Array(n));
const i32Slab = new Slab((n) => new Int32Array(n));
const u8Slab = new Slab((n) => new Uint8Array(n));

export const f64 = (length: number): Float64Array => f64Slab.take(length);
export const keptF64 = (length: number): Float64Array => keptF64Slab.take(length);
export const i32 = (length: number): Int32Array => i32Slab.take(length);
export const u8 = (length: number): Uint8Array => u8Slab.take(length);
