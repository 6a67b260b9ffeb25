/**
 * Findings -> LSP diagnostics. Pure, so the mapping is tested without a connection. Fixes ride on
 * the diagnostic's `data`, so a code action can be rebuilt from the request alone.
 */
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import type { Finding, Severity } from '../findings/finding';

const SEVERITY: Readonly<Record<Severity, DiagnosticSeverity>> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** The `source` every diagnostic carries; the YAML-extension coexistence logic keys on it. */
export const DIAGNOSTIC_SOURCE = 'mesh-lifecycle';

export function toDiagnostic(finding: Finding): Diagnostic {
  // Related places in real files become related information ("referenced from …"); places on
  // objects known only from a cluster have no document to show.
  const related = (finding.related ?? []).filter((r) => /^[a-z][a-z0-9+.-]*:\/\//i.test(r.file));
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.code,
    source: DIAGNOSTIC_SOURCE,
    message: finding.message,
    ...(related.length > 0 ? { relatedInformation: related.map((r) => ({ location: { uri: r.file, range: r.range }, message: r.message })) } : {}),
    data: {
      name: finding.name,
      ...(finding.path ? { path: finding.path } : {}),
      ...(finding.fixes ? { fixes: finding.fixes } : {}),
      ...(finding.documentIndex !== undefined ? { documentIndex: finding.documentIndex } : {}),
    },
  };
}
