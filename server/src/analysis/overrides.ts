/**
 * Severity overrides: a finding's code or check name mapped to another severity, or `off`.
 * One function for schema and rule findings alike, so `meshLifecycle.rules` and the project
 * file's `rules:` behave the same for every code.
 */
import type { Finding } from '../findings/finding';
import type { SeverityOverride } from './config';

export function applyOverrides(findings: readonly Finding[], rules: Readonly<Record<string, SeverityOverride>>): Finding[] {
  if (Object.keys(rules).length === 0) return [...findings];
  const out: Finding[] = [];
  for (const f of findings) {
    const override = rules[f.code] ?? rules[f.name];
    if (override === 'off') continue;
    out.push(override && override !== f.severity ? { ...f, severity: override } : f);
  }
  return out;
}
