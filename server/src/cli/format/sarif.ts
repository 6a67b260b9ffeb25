/**
 * SARIF 2.1.0 output, the format code-scanning services ingest. Every distinct check becomes a
 * reporting descriptor so viewers can group results; regions are 1-based with UTF-16 columns.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Finding, Severity } from '../../findings/finding';

const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(findings: readonly Finding[], version: string): string {
  const ruleIds: string[] = [];
  const rules: object[] = [];
  for (const f of findings) {
    const id = ruleId(f);
    if (ruleIds.includes(id)) continue;
    ruleIds.push(id);
    rules.push({ id, name: f.name, properties: { code: f.code }, defaultConfiguration: { level: LEVEL[f.severity] } });
  }
  const results = findings.map((f) => ({
    ruleId: ruleId(f),
    ruleIndex: ruleIds.indexOf(ruleId(f)),
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [{
      physicalLocation: physical(f.file, f.range),
      ...(f.resource?.kind ? { logicalLocations: [{ kind: 'resource', fullyQualifiedName: qualifiedName(f) }] } : {}),
    }],
    // Other places the finding concerns ("the DestinationRule's subsets"), as code viewers show them.
    ...(f.related && f.related.length > 0
      ? { relatedLocations: f.related.map((r, id) => ({ id, physicalLocation: physical(r.file, r.range), message: { text: r.message } })) }
      : {}),
  }));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'mesh-lifecycle', semanticVersion: version, rules } },
      columnKind: 'utf16CodeUnits',
      results,
    }],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function physical(file: string, range: Finding['range']): object {
  return {
    artifactLocation: { uri: artifactUri(file) },
    region: {
      startLine: range.start.line + 1,
      startColumn: range.start.character + 1,
      endLine: range.end.line + 1,
      endColumn: range.end.character + 1,
    },
  };
}

/** Several checks may share an Istio code, so the rule id is the code plus the check's name. */
function ruleId(f: Finding): string {
  return `${f.code}/${f.name}`;
}

function artifactUri(file: string): string {
  if (file === '-') return 'stdin';
  if (/^[a-z][a-z0-9+.-]*:/i.test(file)) return file;
  // Relative paths stay relative (SARIF consumers resolve them against the checkout).
  return path.isAbsolute(file) ? pathToFileURL(file).href : file.split(path.sep).join('/');
}

function qualifiedName(f: Finding): string {
  const r = f.resource!;
  return [r.apiVersion, r.kind, r.namespace, r.name].filter((x) => x !== null && x !== '').join('/');
}
