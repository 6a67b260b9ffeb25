/**
 * The message catalog of the schema validator: one stable code per kind of schema mistake.
 *
 * Codes are forever (see DESIGN.md): a code is never renumbered, renamed or reused once shipped.
 * The `name` is the stable kebab-case check name carried on every `PathFinding`; `severity` is
 * the default the engine reports unless configuration overrides it; `summary` is the one sentence
 * the docs, hovers and the CLI's `--explain` can show.
 *
 * Data flow: errors.ts (ajv errors -> findings), cel.ts (x-kubernetes-validations) and
 * validator.ts (apiVersion checks) all build findings through `finding()` below, so the code,
 * name and severity of a finding always agree with this table.
 */
import type { Fix, PathFinding, Severity } from '../findings/finding';
import type { Path, PathTarget } from '../parse/types';

export interface SchemaCode {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly summary: string;
}

function def(code: string, name: string, severity: Severity, summary: string): SchemaCode {
  return Object.freeze({ code, name, severity, summary });
}

/** Every schema code, keyed by a short handle used inside this module. */
export const SCHEMA_CODES = Object.freeze({
  unknownField: def(
    'MSH1001',
    'unknown-field',
    'error',
    'The field is not part of the schema: strict field validation rejects it and the API server would otherwise silently prune it.',
  ),
  wrongType: def('MSH1002', 'wrong-type', 'error', 'The value has a different type than the schema requires (for example a string where an integer is expected).'),
  invalidEnum: def('MSH1003', 'invalid-enum', 'error', 'The value is not one of the values the schema allows.'),
  missingRequired: def('MSH1004', 'missing-required', 'error', 'A field the schema requires is missing.'),
  invalidValue: def(
    'MSH1005',
    'invalid-value',
    'error',
    'The value has the right type but breaks a constraint of the schema: a pattern, format, range, length, uniqueness or a oneOf/not rule.',
  ),
  celRule: def('MSH1006', 'cel-rule', 'error', 'A CEL validation rule (x-kubernetes-validations) of the CRD evaluates to false for this value.'),
  deprecatedApiVersion: def('MSH1007', 'deprecated-api-version', 'warning', 'The apiVersion is deprecated for this kind and will be removed; move to the suggested version.'),
  removedApiVersion: def('MSH1008', 'removed-api-version', 'error', 'The apiVersion is no longer served for this kind, so the API server rejects the resource.'),
  unknownApiVersion: def('MSH1009', 'unknown-api-version', 'error', 'The kind is known but the apiVersion is not one of its versions.'),
});

export type SchemaCodeKey = keyof typeof SCHEMA_CODES;

/** All codes as a list, in code order (for docs and registries). */
export const ALL_SCHEMA_CODES: readonly SchemaCode[] = Object.freeze(Object.values(SCHEMA_CODES));

/** Builds a finding whose code, name and severity come from the catalog. */
export function finding(
  key: SchemaCodeKey,
  message: string,
  path: Path,
  target: PathTarget,
  fixes?: readonly Fix[],
): PathFinding {
  const c = SCHEMA_CODES[key];
  const f: { -readonly [K in keyof PathFinding]: PathFinding[K] } = {
    code: c.code,
    name: c.name,
    severity: c.severity,
    message,
    path,
    target,
  };
  if (fixes && fixes.length > 0) f.fixes = fixes;
  return f;
}
