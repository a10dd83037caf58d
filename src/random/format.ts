/** Number formatting shared by describe() and the parameter-error messages. */

/** Compact number formatting for describe(): integers as is, others to 6 significant digits. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x) && Math.abs(x) < 1e21) return String(x);
  return String(Number(x.toPrecision(6)));
}
