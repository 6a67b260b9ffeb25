/**
 * GitHub Actions workflow commands: one `::error` / `::warning` / `::notice` line per finding,
 * which the runner turns into annotations on the pull request's changed lines.
 *
 *   ::error file=k8s/vs.yaml,line=11,col=7,endLine=11,endColumn=12,title=MSH1001 unknown-field::Unknown field …
 *
 * Lines and columns are 1-based; `endColumn` is the last column covered (inclusive). Values are
 * escaped as the runner expects: `%`, CR and LF everywhere, and `:` and `,` in properties.
 */
import path from 'node:path';
import type { Finding, Severity } from '../../findings/finding';

const COMMAND: Readonly<Record<Severity, string>> = { error: 'error', warning: 'warning', info: 'notice', hint: 'notice' };

export function formatGithub(findings: readonly Finding[]): string {
  return findings.map((f) => {
    const { start, end } = f.range;
    const endColumn = end.line === start.line ? Math.max(end.character, start.character + 1) : end.character + 1;
    const props = [
      `file=${property(fileOf(f.file))}`,
      `line=${start.line + 1}`,
      `col=${start.character + 1}`,
      `endLine=${end.line + 1}`,
      `endColumn=${endColumn}`,
      `title=${property(`${f.code} ${f.name}`)}`,
    ].join(',');
    return `::${COMMAND[f.severity]} ${props}::${data(f.message)}\n`;
  }).join('');
}

/** Paths with forward slashes, as the checkout names them. */
function fileOf(file: string): string {
  return file === '-' ? 'stdin' : file.split(path.sep).join('/');
}

function data(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(text: string): string {
  return data(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
