// Types of scripts/changelog.mjs, for the tests that import it.
import type { SpecChange } from './spec-diff.mjs';
export function updateChangelog(text: string, changes: SpecChange[]): string;
