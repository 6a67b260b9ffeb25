/**
 * Machine output. The shape is a public contract kept stable across releases:
 * {"findings":[{"code","name","severity","message","resource":{"apiVersion","kind","namespace",
 * "name"},"file","range":{"start":{"line","character"},"end":{"line","character"}}}]}
 * Lines and characters are 0-based UTF-16 positions, as in LSP. `namespace` is as written (null
 * when absent); `resource` is null for problems outside any resource (a YAML syntax error).
 */
import type { Finding } from '../../findings/finding';

export function formatJson(findings: readonly Finding[]): string {
  const out = findings.map((f) => ({
    code: f.code,
    name: f.name,
    severity: f.severity,
    message: f.message,
    resource: f.resource
      ? { apiVersion: f.resource.apiVersion, kind: f.resource.kind, namespace: f.resource.namespace, name: f.resource.name }
      : null,
    file: f.file,
    range: {
      start: { line: f.range.start.line, character: f.range.start.character },
      end: { line: f.range.end.line, character: f.range.end.character },
    },
  }));
  return JSON.stringify({ findings: out }, null, 2) + '\n';
}
