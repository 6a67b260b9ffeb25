/**
 * JUnit XML, the report format CI systems show as test results: one test suite per linted file,
 * one failing test case per finding (its type is the severity), and one passing case for a file
 * without findings, so clean files count as passed tests rather than vanishing.
 */
import type { Finding } from '../../findings/finding';

export function formatJunit(findings: readonly Finding[], files: readonly string[]): string {
  const byFile = new Map<string, Finding[]>();
  for (const file of files) byFile.set(file, []);
  for (const f of findings) byFile.set(f.file, [...(byFile.get(f.file) ?? []), f]);
  const suites: string[] = [];
  let tests = 0;
  for (const [file, list] of byFile) {
    const name = file === '-' ? 'stdin' : file;
    const cases = list.length === 0
      ? [`    <testcase name="${xml(name)}" classname="mesh-lifecycle"/>`]
      : list.map((f) => {
        const where = `${f.range.start.line + 1}:${f.range.start.character + 1}`;
        const resource = f.resource?.kind ? ` [${f.resource.kind}${f.resource.name ? ` ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : ''}]` : '';
        return [
          `    <testcase name="${xml(`${f.code} ${f.name} at ${where}`)}" classname="${xml(name)}">`,
          `      <failure message="${xml(f.message)}" type="${f.severity}">${xml(`${name}:${where}: ${f.severity} ${f.code} ${f.message} (${f.name})${resource}`)}</failure>`,
          '    </testcase>',
        ].join('\n');
      });
    tests += cases.length;
    suites.push([
      `  <testsuite name="${xml(name)}" tests="${cases.length}" failures="${list.length}" errors="0" skipped="0">`,
      ...cases,
      '  </testsuite>',
    ].join('\n'));
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mesh-lifecycle" tests="${tests}" failures="${findings.length}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Escapes text for XML attributes and content, dropping characters XML 1.0 cannot carry. */
function xml(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')
    .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
