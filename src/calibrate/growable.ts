/** A list of numbers that grows by doubling: observations collected while a file streams by. */
export class Growable {
  private data = new Float64Array(1024);
  length = 0;

  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }

  /** A copy of the values pushed so far. */
  values(): Float64Array {
    return this.data.slice(0, this.length);
  }
}
