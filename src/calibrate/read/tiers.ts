/**
 * Model names to the scenario's tiers. `--tier-map PATTERN=TIER` rules come first, in the order
 * given (PATTERN is a case-insensitive substring of the model name, e.g. `claude-opus=opus`);
 * then a model whose name holds a tier's name maps to it (`claude-sonnet-4-5` → `sonnet`).
 * A model matching nothing is left out of the per-tier figures (and named in the report).
 */
import { UsageError } from '../../errors/index.js';

/** Models whose name holds `pattern` (case-insensitive) are `tier`. */
export interface TierRule {
  pattern: string;
  tier: string;
}

/** `--tier-map PATTERN=TIER` rules, checked against the scenario's tiers. */
export function parseTierRules(rules: readonly string[], tiers: readonly string[]): TierRule[] {
  return rules.map((rule) => {
    const eq = rule.lastIndexOf('=');
    const pattern = rule.slice(0, eq).trim().toLowerCase();
    const tier = rule.slice(eq + 1).trim();
    if (eq <= 0 || !pattern || !tier) throw new UsageError(`--tier-map ${rule}: expected PATTERN=TIER, for example --tier-map claude-opus=opus`, 'tier-map');
    if (!tiers.includes(tier)) throw new UsageError(`--tier-map ${rule}: '${tier}' is not a tier of the scenario (tiers: ${tiers.join(', ')})`, 'tier-map');
    return { pattern, tier };
  });
}

export class TierMap {
  private readonly rules: TierRule[];
  private readonly cache = new Map<string, string | undefined>();

  constructor(
    readonly tiers: readonly string[],
    rules: readonly TierRule[] = [],
  ) {
    this.rules = rules.map((rule) => {
      if (!tiers.includes(rule.tier)) throw new UsageError(`tierMap ${rule.pattern}: '${rule.tier}' is not a tier of the scenario (tiers: ${tiers.join(', ')})`, 'tierMap');
      return { pattern: rule.pattern.toLowerCase(), tier: rule.tier };
    });
  }

  tierOf(model: string): string | undefined {
    if (this.cache.has(model)) return this.cache.get(model);
    const name = model.toLowerCase();
    const tier = this.rules.find((r) => name.includes(r.pattern))?.tier ?? this.tiers.find((t) => name.includes(t.toLowerCase()));
    this.cache.set(model, tier);
    return tier;
  }

  /** Model names seen that matched no tier. */
  unmapped(): string[] {
    return [...this.cache.entries()].filter(([, t]) => t === undefined).map(([m]) => m);
  }
}
