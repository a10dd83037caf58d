import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BareTimeHeap } from '../../bench/bareTimeHeap.js';

describe('BareTimeHeap', () => {
  it('pops numbers in ascending order', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constant(-1))), (values) => {
        const heap = new BareTimeHeap(2);
        const reference: number[] = [];
        for (const v of values) {
          if (v === -1 && reference.length > 0) {
            reference.sort((a, b) => a - b);
            expect(heap.pop()).toBe(reference.shift());
          } else {
            heap.push(v);
            reference.push(v);
          }
        }
        reference.sort((a, b) => a - b);
        for (const expected of reference) expect(heap.pop()).toBe(expected);
        expect(heap.size).toBe(0);
        expect(heap.pop()).toBeNaN();
      }),
    );
  });
});
