/** The command line's argument parsers: throwing InvalidArgumentError makes commander report the flag. */
import { InvalidArgumentError } from 'commander';
import { parseShard, type Shard } from '../experiment/index.js';


export function wholeNumber(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const v = Number(text.replace(/_/g, ''));
    if (text.trim() === '' || !Number.isInteger(v) || v < min || v > max)
      throw new InvalidArgumentError(`expected a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}.`);
    return v;
  };
}

export function workersArg(text: string): number | 'auto' {
  if (text.trim() === 'auto') return 'auto';
  try {
    return wholeNumber(1, 1024)(text);
  } catch {
    throw new InvalidArgumentError('expected auto or a whole number from 1 to 1,024.');
  }
}

export function seedArg(text: string): number | string {
  if (/^-?\d+$/.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (/^[A-Za-z0-9_.:-]+$/.test(text)) return text;
  throw new InvalidArgumentError('expected a whole number or a word (letters, digits, _ . : -).');
}

export function shardArg(text: string): Shard | 'auto' {
  if (text.trim() === 'auto') return 'auto';
  try {
    return parseShard(text);
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^--shard [^:]*: /, ''));
  }
}

export const collect = (value: string, previous: string[]) => [...previous, value];

