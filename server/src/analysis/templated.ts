/**
 * Templated YAML that is not a manifest yet: Helm chart templates and other Go-template files.
 * Analysing them reports the template syntax, not the user's mistakes, so workspace scanning
 * (CLI folders, server workspace folders) skips them.
 *
 * A file is templated when it sits under a chart's `templates/` folder (a folder named
 * `templates` whose parent holds `Chart.yaml`), or when template actions sit where YAML
 * structure goes: a line starting with `{{`, or an unquoted `{{` right after `key:` or `- `.
 * A `{{` inside quotes or inside a block scalar (Flagger metric queries use `{{ namespace }}`)
 * does not count.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

const STRUCTURAL_ACTION = /^\s*(?:-\s+|[^#'"\s][^#'"]*?:\s+)?\{\{/m;

/** Whether a text has template actions in YAML structure (see the module comment). */
export function looksTemplated(text: string): boolean {
  if (!text.includes('{{')) return false;
  for (const line of text.split('\n')) {
    if (!line.includes('{{') || /^\s*#/.test(line)) continue;
    if (STRUCTURAL_ACTION.test(line)) return true;
  }
  return false;
}

/** Whether a path lies under a Helm chart's templates/ folder. */
export function inChartTemplates(file: string, exists: (p: string) => boolean = existsSync): boolean {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (path.basename(dir) === 'templates' && exists(path.join(path.dirname(dir), 'Chart.yaml'))) return true;
    const parent = path.dirname(dir);
    if (parent === dir) return false;
    dir = parent;
  }
}
