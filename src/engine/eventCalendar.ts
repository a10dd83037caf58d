/**
 * The pending-event calendar: a binary min-heap ordered by (key, insertion sequence).
 *
 * Why the sequence number: events scheduled for the same time must pop in the order they were
 * scheduled, otherwise a run depends on heap internals and is not reproducible.
 *
 * Why typed arrays and slots: the heap is the innermost loop of every replication. Keys and
 * sequence numbers live in Float64Arrays indexed by a *slot*; the heap itself is an Int32Array of
 * slot ids, so sifting moves one int per level and nothing is allocated per event. Freed slots go
 * on a free-list and are reused; all arrays grow by doubling and are never shrunk, so `clear()`
 * lets a long Monte Carlo study reuse one calendar for every replication.
 *
 * The key is a time in hours for the simulation; `Resource` reuses the same structure with a
 * priority as key (lower first, FIFO within equal keys).
 */

/**
 * Identifies one scheduled event. It encodes the slot and the slot's generation, so an id of an
 * event that has already fired (or was cleared) never matches the slot's next occupant.
 */
export type EventId = number;

/** Ids are generation * SLOT_SPACE + slot; both parts fit in the 53 bits of a double. */
const SLOT_BITS = 24;
const SLOT_SPACE = 2 ** SLOT_BITS; // at most ~16.7 million events pending at once
const GENERATION_MASK = 2 ** (53 - SLOT_BITS) - 1; // generations wrap after ~5e8 reuses of a slot

const DEFAULT_INITIAL_CAPACITY = 256;

export class EventCalendar {
  /** Key (time in hours) of the event occupying each slot. */
  private keys: Float64Array;
  /** Insertion sequence of each slot's event: the tie-breaker. */
  private seqs: Float64Array;
  /** Generation of each slot, bumped whenever the slot is freed (makes stale ids harmless). */
  private generations: Int32Array;
  /** 1 when the slot's event was cancelled (lazy cancellation: it stays in the heap). */
  private cancelledFlags: Uint8Array;
  /** heap[i] = slot at heap position i. */
  private heap: Int32Array;
  /**
   * One past the highest slot handed out since the last clear(), and whether the arrays grew
   * since: clear() then only touches the slots a replication actually used, which keeps a reset
   * proportional to the work done rather than to the capacity ever reached.
   */
  private usedSlots = 0;
  private grewSinceClear = false;
  /** Stack of free slots; freeSlots[freeTop - 1] is handed out next. */
  private freeSlots: Int32Array;
  private freeTop: number;
  private count = 0;
  private cancelledCount = 0;
  private nextSeq = 0;
  private capacity: number;

  constructor(initialCapacity = DEFAULT_INITIAL_CAPACITY) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
      throw new RangeError(`EventCalendar initialCapacity must be a positive integer, got ${initialCapacity}`);
    }
    this.capacity = initialCapacity;
    this.keys = new Float64Array(initialCapacity);
    this.seqs = new Float64Array(initialCapacity);
    this.generations = new Int32Array(initialCapacity);
    this.cancelledFlags = new Uint8Array(initialCapacity);
    this.heap = new Int32Array(initialCapacity);
    this.freeSlots = new Int32Array(initialCapacity);
    this.freeTop = 0;
    this.pushFreeRange(0, initialCapacity);
  }

  /** Entries in the heap, including cancelled ones not yet popped. */
  get size(): number {
    return this.count;
  }

  /** Entries that will still fire (size minus lazily cancelled ones). */
  get liveSize(): number {
    return this.count - this.cancelledCount;
  }

  /** Allocated slots (grows by doubling, never shrinks). */
  get slotCapacity(): number {
    return this.capacity;
  }

  /**
   * Inserts an entry and returns its slot. The slot stays valid until the entry is popped;
   * callers keep their own per-slot payload arrays indexed by it.
   */
  push(key: number): number {
    if (this.count === this.capacity) this.grow();
    const slot = this.freeSlots[--this.freeTop];
    if (slot >= this.usedSlots) this.usedSlots = slot + 1;
    const keys = this.keys;
    const heap = this.heap;
    keys[slot] = key;
    this.seqs[slot] = this.nextSeq++;
    this.cancelledFlags[slot] = 0;
    // Sift up. The new entry has the largest sequence number so far, so on an equal key the
    // parent was inserted earlier and must stay above: `<=` is the whole tie-break here.
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentSlot = heap[parent];
      if (keys[parentSlot] <= key) break;
      heap[i] = parentSlot;
      i = parent;
    }
    heap[i] = slot;
    return slot;
  }

  /** Key of the minimum entry (cancelled or not), or Infinity when empty. */
  peekKey(): number {
    return this.count === 0 ? Infinity : this.keys[this.heap[0]];
  }

  /** Slot of the minimum entry, or -1 when empty. */
  peekSlot(): number {
    return this.count === 0 ? -1 : this.heap[0];
  }

  /**
   * Removes the minimum entry and returns its slot (-1 when empty). The slot is freed at once:
   * its key and cancelled flag stay readable until the next push(), so read them first.
   */
  pop(): number {
    if (this.count === 0) return -1;
    const heap = this.heap;
    const keys = this.keys;
    const seqs = this.seqs;
    const top = heap[0];
    const n = --this.count;
    if (n > 0) {
      // Sift the last entry down from the root, moving the hole rather than swapping.
      const last = heap[n];
      const lastKey = keys[last];
      const lastSeq = seqs[last];
      const half = n >> 1;
      let i = 0;
      while (i < half) {
        let child = 2 * i + 1;
        let childSlot = heap[child];
        let childKey = keys[childSlot];
        const right = child + 1;
        if (right < n) {
          const rightSlot = heap[right];
          const rightKey = keys[rightSlot];
          if (rightKey < childKey || (rightKey === childKey && seqs[rightSlot] < seqs[childSlot])) {
            child = right;
            childSlot = rightSlot;
            childKey = rightKey;
          }
        }
        if (lastKey < childKey || (lastKey === childKey && lastSeq < seqs[childSlot])) break;
        heap[i] = childSlot;
        i = child;
      }
      heap[i] = last;
    }
    if (this.cancelledFlags[top] === 1) this.cancelledCount--;
    this.generations[top] = (this.generations[top] + 1) & GENERATION_MASK;
    this.freeSlots[this.freeTop++] = top;
    return top;
  }

  /** Key of a slot (valid while pending, and after pop() until the next push()). */
  keyOf(slot: number): number {
    return this.keys[slot];
  }

  /** Whether the entry in this slot was cancelled (same validity as keyOf). */
  isCancelledSlot(slot: number): boolean {
    return this.cancelledFlags[slot] === 1;
  }

  /** The id of the entry currently pending in `slot`. */
  idOf(slot: number): EventId {
    return this.generations[slot] * SLOT_SPACE + slot;
  }

  /** Slot of a still-pending (possibly cancelled) entry with this id, or -1. */
  slotOfId(id: EventId): number {
    if (!(id >= 0) || !Number.isInteger(id)) return -1;
    const slot = id % SLOT_SPACE;
    const generation = (id - slot) / SLOT_SPACE;
    if (slot >= this.capacity || this.generations[slot] !== generation) return -1;
    return slot;
  }

  /**
   * Lazily cancels a pending entry: it stays in the heap and is skipped by its consumer when
   * popped. Returns false if the id is not pending (already popped, cleared, or cancelled).
   */
  cancel(id: EventId): boolean {
    const slot = this.slotOfId(id);
    if (slot < 0 || this.cancelledFlags[slot] === 1) return false;
    this.cancelledFlags[slot] = 1;
    this.cancelledCount++;
    return true;
  }

  /**
   * Empties the calendar but keeps every allocated array. All slot generations are bumped so ids
   * issued before the clear can never cancel an entry pushed after it.
   */
  clear(): void {
    const generations = this.generations;
    const used = this.grewSinceClear ? this.capacity : this.usedSlots;
    for (let s = 0; s < used; s++) generations[s] = (generations[s] + 1) & GENERATION_MASK;
    this.count = 0;
    this.cancelledCount = 0;
    this.nextSeq = 0;
    if (this.grewSinceClear) {
      this.freeTop = 0;
      this.pushFreeRange(0, this.capacity);
    } else {
      // Slots at or above `used` were never popped off the free stack since the last clear, so
      // the bottom of the stack still holds them in order; only the used part is rebuilt.
      this.freeTop = this.capacity - used;
      this.pushFreeRange(0, used);
    }
    this.usedSlots = 0;
    this.grewSinceClear = false;
  }

  /** One past the highest slot handed out since the last clear (a bound on the slots in use). */
  get slotsUsedBound(): number {
    return this.grewSinceClear ? this.capacity : this.usedSlots;
  }

  /** Puts slots [from, to) on the free stack so that the lowest slot is handed out first. */
  private pushFreeRange(from: number, to: number): void {
    for (let s = to - 1; s >= from; s--) this.freeSlots[this.freeTop++] = s;
  }

  private grow(): void {
    const oldCapacity = this.capacity;
    const newCapacity = oldCapacity * 2;
    if (newCapacity > SLOT_SPACE) {
      throw new RangeError(`EventCalendar cannot hold more than ${SLOT_SPACE} pending entries`);
    }
    this.keys = growFloat64(this.keys, newCapacity);
    this.seqs = growFloat64(this.seqs, newCapacity);
    const generations = new Int32Array(newCapacity);
    generations.set(this.generations);
    this.generations = generations;
    const flags = new Uint8Array(newCapacity);
    flags.set(this.cancelledFlags);
    this.cancelledFlags = flags;
    const heap = new Int32Array(newCapacity);
    heap.set(this.heap);
    this.heap = heap;
    // The free stack is empty when we grow (count === capacity), so it only receives new slots.
    this.freeSlots = new Int32Array(newCapacity);
    this.freeTop = 0;
    this.capacity = newCapacity;
    this.grewSinceClear = true;
    this.pushFreeRange(oldCapacity, newCapacity);
  }
}

function growFloat64(old: Float64Array, length: number): Float64Array {
  const next = new Float64Array(length);
  next.set(old);
  return next;
}
