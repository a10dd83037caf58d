/**
 * The bare reference heap for the benchmark: numbers only, no sequence, no slots, no
 * cancellation. It is what "within 2x of a bare heap" is measured against (bench/kernel.ts);
 * the kernel's EventCalendar (src/engine/eventCalendar.ts) is the real thing.
 */
export class BareTimeHeap {
  private times: Float64Array;
  private count = 0;

  constructor(initialCapacity = 256) {
    this.times = new Float64Array(Math.max(1, initialCapacity));
  }

  get size(): number {
    return this.count;
  }

  push(time: number): void {
    if (this.count === this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      grown.set(this.times);
      this.times = grown;
    }
    const times = this.times;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentTime = times[parent];
      if (parentTime <= time) break;
      times[i] = parentTime;
      i = parent;
    }
    times[i] = time;
  }

  /** Removes and returns the smallest time; NaN when empty. */
  pop(): number {
    if (this.count === 0) return NaN;
    const times = this.times;
    const top = times[0];
    const n = --this.count;
    if (n > 0) {
      const last = times[n];
      const half = n >> 1;
      let i = 0;
      while (i < half) {
        let child = 2 * i + 1;
        let childTime = times[child];
        const right = child + 1;
        if (right < n && times[right] < childTime) {
          child = right;
          childTime = times[right];
        }
        if (last <= childTime) break;
        times[i] = childTime;
        i = child;
      }
      times[i] = last;
    }
    return top;
  }

  clear(): void {
    this.count = 0;
  }
}
