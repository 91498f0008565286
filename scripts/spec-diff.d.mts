// Types of scripts/spec-diff.mjs, for the tests that import it.
export interface SpecChange {
  severity: 'breaking' | 'non-breaking' | 'annotation';
  /** `moved`, the additions the summary lists, or `change` for anything else. */
  kind: 'moved' | 'operation-added' | 'field-added' | 'parameter-added' | 'change';
  operation: string;
  where: string;
  message: string;
  path: string[];
  /** The client methods affected, `sfc.` + the operation's x-sfc-method. */
  methods: string[];
  /** The component schema the change lies in, and the field path inside it. */
  schema?: string;
  field?: string;
  /** For `field-added`: the field's name; for `parameter-added`: where and its name (`query limit`). */
  property?: string;
  parameter?: string;
  /** For `moved`: the method and path it had. */
  from?: string;
  /** String enum values the change takes away. */
  enumValues?: string[];
  /** Added by whereToLook to breaking changes. */
  lookAt?: string[];
  pinnedIn?: { file: string; value: string }[];
}
export interface ChangeGroup {
  severity: SpecChange['severity'];
  kind: SpecChange['kind'];
  /** `Node.status` for a change in a shared schema, else the operation (`PATCH /v1/nodes/{id}/extend`). */
  place: string;
  /** `in responses` / `in requests` for a shared schema, else where in the operation (`request`). */
  detail: string;
  label: string;
  message: string;
  methods: string[];
  operations: string[];
  lookAt: string[];
  pinnedIn: { file: string; value: string }[];
  changes: SpecChange[];
}
export interface AddedSummary {
  methods: { method: string | undefined; operation: string }[];
  fields: { field: string; methods: string[] }[];
  parameters: { method: string; parameter: string }[];
}
export const GENERATED_METHODS_FILE: string;
export const PIN_FOLDERS: string[];
export function classifyChanges(before: unknown, after: unknown): SpecChange[];
export function whereToLook(changes: SpecChange[], root: string): SpecChange[];
export function groupChanges(changes: SpecChange[]): ChangeGroup[];
export function summarizeAdded(changes: SpecChange[]): AddedSummary;
export function report(changes: SpecChange[]): string;
export function loadSpec(source: string, root: string): unknown;
