import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventCalendar } from '../../src/engine/index.js';

type Op = { kind: 'push'; key: number } | { kind: 'pop' } | { kind: 'cancel'; pick: number };

// Few distinct keys so that ties are common: FIFO among equal keys is the point of the sequence.
const keyArb = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 10, noNaN: true }));
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 5, arbitrary: keyArb.map((key) => ({ kind: 'push' as const, key })) },
  { weight: 3, arbitrary: fc.constant({ kind: 'pop' as const }) },
  { weight: 1, arbitrary: fc.nat(1000).map((pick) => ({ kind: 'cancel' as const, pick })) },
);

interface RefEntry {
  key: number;
  label: number;
  id: number;
  cancelled: boolean;
}

describe('EventCalendar', () => {
  it('pops in (key, insertion order) like a sorted reference, with lazy cancellation', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 400 }), fc.integer({ min: 1, max: 8 }), (ops, initialCapacity) => {
        const calendar = new EventCalendar(initialCapacity); // small: forces growth
        const labelOfSlot: number[] = [];
        let reference: RefEntry[] = [];
        let nextLabel = 0;
        for (const op of ops) {
          if (op.kind === 'push') {
            const slot = calendar.push(op.key);
            const label = nextLabel++;
            labelOfSlot[slot] = label;
            reference.push({ key: op.key, label, id: calendar.idOf(slot), cancelled: false });
          } else if (op.kind === 'cancel') {
            if (reference.length === 0) continue;
            const entry = reference[op.pick % reference.length];
            expect(calendar.cancel(entry.id)).toBe(!entry.cancelled);
            entry.cancelled = true;
          } else {
            expect(calendar.size).toBe(reference.length);
            if (reference.length === 0) {
              expect(calendar.pop()).toBe(-1);
              continue;
            }
            // Reference minimum: smallest key, then earliest label (labels increase with insertion).
            let best = 0;
            for (let i = 1; i < reference.length; i++) {
              const r = reference[i];
              const b = reference[best];
              if (r.key < b.key || (r.key === b.key && r.label < b.label)) best = i;
            }
            const expected = reference[best];
            expect(calendar.peekKey()).toBe(expected.key);
            const slot = calendar.pop();
            expect(labelOfSlot[slot]).toBe(expected.label);
            expect(calendar.keyOf(slot)).toBe(expected.key);
            expect(calendar.isCancelledSlot(slot)).toBe(expected.cancelled);
            // A popped id is dead: it cannot cancel whatever reuses the slot.
            expect(calendar.cancel(expected.id)).toBe(false);
            reference = reference.filter((_, i) => i !== best);
          }
          expect(calendar.liveSize).toBe(reference.filter((r) => !r.cancelled).length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps equal keys in insertion order across growth', () => {
    const calendar = new EventCalendar(1);
    const slots = Array.from({ length: 1000 }, () => calendar.push(7));
    const popped = Array.from({ length: 1000 }, () => calendar.pop());
    expect(popped).toEqual(slots);
    expect(calendar.slotCapacity).toBe(1024);
  });

  it('clear() keeps capacity and invalidates earlier ids', () => {
    const calendar = new EventCalendar(4);
    const ids = [3, 1, 2, 5, 4].map((k) => calendar.idOf(calendar.push(k)));
    const capacity = calendar.slotCapacity;
    calendar.clear();
    expect(calendar.size).toBe(0);
    expect(calendar.peekKey()).toBe(Infinity);
    expect(calendar.slotCapacity).toBe(capacity);
    const slot = calendar.push(1); // reuses slot 0
    expect(ids.every((id) => calendar.cancel(id) === false)).toBe(true);
    expect(calendar.isCancelledSlot(slot)).toBe(false);
    expect(calendar.cancel(calendar.idOf(slot))).toBe(true);
  });

  it('rejects malformed ids', () => {
    const calendar = new EventCalendar();
    calendar.push(1);
    for (const id of [-1, 0.5, NaN, Infinity, 2 ** 60]) expect(calendar.cancel(id)).toBe(false);
  });
});

describe('EventCalendar.clear', () => {
  // clear() rebuilds only the slots used since the last clear; a reused calendar must then behave
  // exactly like a fresh one: same slots handed out, same pop order, old ids dead.
  const opsArb = fc.array(
    fc.oneof(
      fc.record({ op: fc.constant('push' as const), key: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ op: fc.constant('pop' as const) }),
      fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }),
    ),
    { maxLength: 300 },
  );

  function replay(calendar: EventCalendar, ops: Array<{ op: 'push' | 'pop' | 'cancel'; key?: number; pick?: number }>) {
    const trace: number[] = [];
    const ids: number[] = [];
    for (const o of ops) {
      if (o.op === 'push') {
        const slot = calendar.push(o.key!);
        trace.push(slot);
        ids.push(calendar.idOf(slot));
      } else if (o.op === 'pop') {
        if (calendar.size > 0) trace.push(-1, calendar.pop());
      } else if (ids.length > 0) trace.push(-2, calendar.cancel(ids[o.pick! % ids.length]!) ? 1 : 0);
    }
    return { trace, ids };
  }

  it('a cleared calendar behaves like a fresh one, and ids from before the clear cancel nothing', () => {
    fc.assert(
      fc.property(opsArb, opsArb, fc.integer({ min: 1, max: 8 }), (first, second, capacity) => {
        const reused = new EventCalendar(capacity);
        const before = replay(reused, first);
        reused.clear();
        for (const id of before.ids) expect(reused.cancel(id)).toBe(false);
        expect(replay(reused, second).trace).toEqual(replay(new EventCalendar(capacity), second).trace);
      }),
      { numRuns: 300 },
    );
  });
});
