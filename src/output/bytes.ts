/**
 * Numbers as CSV text, fast: the cell of a value already scaled and rounded (scaledCell), and a
 * writer of CSV bytes straight into a buffer (ByteWriter). No dependencies, so worker threads
 * load little.
 */
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];
const SMALL: string[] = Array.from({ length: 10_000 }, (_, i) => String(i));
/** FRAC[d][k]: the d-digit fraction k, zero-padded, trailing zeros dropped ('05' for 0.05 at d = 2). */
const FRAC: string[][] = [0, 1, 2, 3, 4].map((d) =>
  Array.from({ length: 10 ** d }, (_, k) => String(k).padStart(d, '0').replace(/0+$/, '')),
);
const PAD3: string[] = Array.from({ length: 1000 }, (_, k) => String(k).padStart(3, '0'));
/** ASCII codes of 00..99, two bytes a pair: digits go out two per division. */
const DIGIT_PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i & 1 ? (i >> 1) % 10 : Math.trunc((i >> 1) / 10)));
/** Decimal places ByteWriter.scaled writes from integers (others go through scaledCell). */
const FAST_DECIMALS = Uint8Array.of(1, 1, 1, 1, 1, 0, 1);

/** Digits of a positive integer below 2^31. */
function digitCount(m: number): number {
  if (m < 100_000) return m < 100 ? (m < 10 ? 1 : 2) : m < 1000 ? 3 : m < 10_000 ? 4 : 5;
  return m < 10_000_000 ? (m < 1_000_000 ? 6 : 7) : m < 100_000_000 ? 8 : m < 1_000_000_000 ? 9 : 10;
}

/**
 * The cell of the value n / 10^d, for an integer n (a value already scaled and rounded: see
 * roundTo). Same number as String(n / 10^d) reads back as, built from digit tables: writing a
 * decimal this way costs a fraction of a float-to-string conversion.
 */
export function scaledCell(n: number, d: number): string {
  if (n !== n) return '';
  if (!Number.isSafeInteger(n) || d === 5 || d > 6) return String(n / POW10[d]! + 0);
  let sign = '';
  let m = n;
  if (m < 0) {
    sign = '-';
    m = -m;
  }
  if (d === 0) return sign + (m < 10_000 ? SMALL[m]! : String(m));
  const f = POW10[d]!;
  let ip = Math.trunc(m / f);
  let fp = m - ip * f;
  if (fp < 0) {
    ip--;
    fp += f;
  } else if (fp >= f) {
    ip++;
    fp -= f;
  }
  const is = ip < 10_000 ? SMALL[ip]! : String(ip);
  if (fp === 0) return sign + is;
  if (d <= 4) return `${sign}${is}.${FRAC[d]![fp]!}`;
  // d = 6: two 3-digit halves
  const hi = Math.trunc(fp / 1000);
  const lo = fp - hi * 1000;
  return `${sign}${is}.${lo === 0 ? FRAC[3]![hi]! : PAD3[hi]! + FRAC[3]![lo]!}`;
}

/**
 * CSV bytes written straight into a growing buffer: no string per cell, no UTF-8 encoding pass,
 * little garbage. `scaled(n, d)` writes exactly the text of scaledCell(n, d).
 */
export class ByteWriter {
  buf: Uint8Array;
  pos = 0;

  constructor(initial = 1 << 20) {
    this.buf = new Uint8Array(initial);
  }

  /** Make room for n more bytes. */
  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buf.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /** ASCII text (numbers' String forms, known words). */
  ascii(text: string): void {
    this.ensure(text.length);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < text.length; i++) buf[p++] = text.charCodeAt(i) & 0x7f;
    this.pos = p;
  }

  /** A non-negative integer below 2^31, its digits written from the last, two at a time. */
  private small(m: number): void {
    const buf = this.buf;
    if (m < 10) {
      buf[this.pos++] = 48 + m;
      return;
    }
    const end = this.pos + digitCount(m);
    let p = end;
    while (m >= 100) {
      const q = (m / 100) | 0;
      const r2 = (m - q * 100) << 1;
      buf[--p] = DIGIT_PAIRS[r2 + 1]!;
      buf[--p] = DIGIT_PAIRS[r2]!;
      m = q;
    }
    if (m >= 10) {
      buf[--p] = DIGIT_PAIRS[(m << 1) + 1]!;
      buf[--p] = DIGIT_PAIRS[m << 1]!;
    } else buf[--p] = 48 + m;
    this.pos = end;
  }

  /** The value n / 10^d for an integer n, as scaledCell writes it (NaN: nothing). Needs 24 bytes of room. */
  scaled(n: number, d: number): void {
    if (n !== n) return;
    if (!(n > -2147483648 && n < 2147483648) || !Number.isInteger(n) || FAST_DECIMALS[d] !== 1) {
      this.ascii(scaledCell(n, d));
      return;
    }
    let m = n;
    if (m < 0) {
      this.buf[this.pos++] = 45; // '-'
      m = -m;
    }
    if (d === 0) {
      this.small(m);
      return;
    }
    const ip = (m / POW10[d]!) | 0;
    let fp = m - ip * POW10[d]!;
    this.small(ip);
    if (fp === 0) return;
    // The fraction's d digits, zero-padded on the left, trailing zeros dropped.
    let places = d;
    while (fp % 10 === 0) {
      fp /= 10;
      places--;
    }
    const buf = this.buf;
    buf[this.pos] = 46; // '.'
    const end = this.pos + 1 + places;
    let p = end;
    for (; places >= 2; places -= 2) {
      const q = (fp / 100) | 0;
      const r2 = (fp - q * 100) << 1;
      buf[--p] = DIGIT_PAIRS[r2 + 1]!;
      buf[--p] = DIGIT_PAIRS[r2]!;
      fp = q;
    }
    if (places === 1) buf[--p] = 48 + fp;
    this.pos = end;
  }

  /** The bytes written so far (a copy), and start again. */
  take(): Uint8Array {
    const out = this.buf.slice(0, this.pos);
    this.pos = 0;
    return out;
  }
}

const utf8 = new TextEncoder();
/** UTF-8 bytes of a string. */
export function bytesOf(text: string): Uint8Array {
  return utf8.encode(text);
}
