/**
 * Human output: one line per finding in the `file:line:column` form editors and terminals link,
 * then a one-line summary. Lines and columns are 1-based here, as people count them.
 */
import type { Finding } from '../../findings/finding';

const COLORS = { error: '\u001b[31m', warning: '\u001b[33m', info: '\u001b[36m', hint: '\u001b[90m' } as const;
const RESET = '\u001b[0m';

export function formatText(findings: readonly Finding[], fileCount: number, color: boolean): string {
  const lines = findings.map((f) => {
    const where = `${f.file}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    const severity = color ? `${COLORS[f.severity]}${f.severity}${RESET}` : f.severity;
    const subject = f.resource?.kind ? ` [${f.resource.kind}${f.resource.name ? ` ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : ''}]` : '';
    return `${where}: ${severity} ${f.code} ${f.message} (${f.name})${subject}`;
  });
  lines.push(summary(findings, fileCount));
  return lines.join('\n') + '\n';
}

function summary(findings: readonly Finding[], fileCount: number): string {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  const files = `${fileCount} ${fileCount === 1 ? 'file' : 'files'}`;
  if (findings.length === 0) return `No problems found in ${files}.`;
  const parts = [plural(count('error'), 'error'), plural(count('warning'), 'warning')];
  const infos = count('info') + count('hint');
  if (infos > 0) parts.push(plural(infos, 'info'));
  return `${parts.join(', ')} in ${files}.`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 || word === 'info' ? '' : 's'}`;
}
