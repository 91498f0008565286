// Types of scripts/pattern-rules.mjs, for the tests that import it.
export function collectPatternRules(spec: unknown): Record<string, string>;
export function renderPatternRules(rules: Record<string, string>): string;
