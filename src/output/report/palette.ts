/**
 * Colours of the report, colour-blind safe. A regime has one colour in every chart: the list
 * below is the mapping (Okabe & Ito's palette), so a new regime is one more entry; a regime not
 * listed takes the next unused colour of the palette, in order of appearance.
 */

import { REGIME_LIST } from '../../model/index.js';

/** Okabe-Ito (2008), without black (kept for marks such as failed attempts and best points). */
const OKABE_ITO = ['#E69F00', '#0072B2', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442'] as const;

/** The regime -> colour list: the registry's regimes in order, one Okabe-Ito colour each. */
export const REGIME_COLOURS: readonly (readonly [regime: string, colour: string])[] = REGIME_LIST.map((r, i) => [r.name, OKABE_ITO[i % OKABE_ITO.length]!] as const);

/** Paul Tol's "muted" scheme (9 colours), for categories that are not regimes. */
export const CATEGORY_COLOURS = ['#332288', '#88CCEE', '#44AA99', '#117733', '#999933', '#DDCC77', '#CC6677', '#882255', '#AA4499'] as const;

/** The colour scale of the regimes present, in the list's order (unlisted regimes last, in the order given). */
export function regimeScale(regimes: readonly string[]): { domain: string[]; range: string[] } {
  const listed = REGIME_COLOURS.filter(([r]) => regimes.includes(r));
  const others = regimes.filter((r, i) => regimes.indexOf(r) === i && !REGIME_COLOURS.some(([l]) => l === r));
  const spare = OKABE_ITO.filter((c) => !REGIME_COLOURS.some(([, used]) => used === c));
  return {
    domain: [...listed.map(([r]) => r), ...others],
    range: [...listed.map(([, c]) => c), ...others.map((_, i) => spare[i % spare.length]!)],
  };
}

/** A colour scale over fixed categories (at most 9; more repeat). */
export function categoryScale(categories: readonly string[]): { domain: string[]; range: string[] } {
  return { domain: [...categories], range: categories.map((_, i) => CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!) };
}
