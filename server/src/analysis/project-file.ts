/**
 * The project file, `.mesh-lifecycle.yaml`, found from a folder upward. The CLI reads it for the
 * working directory; the server reads it per workspace folder. Shape:
 *
 *   rules: { IST0101: warning, MSH1001: off }   severity overrides by code or check name
 *   meshConfig: istio/mesh.yaml                  Istio MeshConfig (paths relative to this file)
 *   meshNetworks: istio/meshnetworks.yaml        Istio MeshNetworks
 *   ignore: ["charts/**", "generated/"]          files not to analyse (see glob.ts)
 *   defaultNamespace: default                    namespace of objects that name none
 *   certificateExpiryWarningDays: 14             a rule option (rules/engine/options.ts)
 *
 * Precedence: editor settings (`meshLifecycle.rules`, and `meshLifecycle.<option>` for each rule
 * option) override the project file code by code and option by option, so a person can quiet a
 * check locally without editing the team's file; command-line flags override it for the CLI.
 *
 * Reading never throws for bad content: unknown keys and wrong values become `problems`, which
 * the CLI prints as warnings and the server logs.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readRuleOptions, RULE_OPTION_NAMES, type RuleOptions } from '../rules/engine/options';
import type { SeverityOverride } from './config';
import { globMatcher } from './glob';

export const PROJECT_FILE_NAME = '.mesh-lifecycle.yaml';

const SEVERITIES: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];
const KNOWN_KEYS = new Set(['rules', 'meshConfig', 'meshNetworks', 'ignore', 'defaultNamespace', ...RULE_OPTION_NAMES]);

export interface ProjectConfig {
  /** Absolute path of the file, or null for "no project file". */
  readonly file: string | null;
  readonly rules: Readonly<Record<string, SeverityOverride>>;
  /** Absolute paths. */
  readonly meshConfig: string | null;
  readonly meshNetworks: string | null;
  readonly ignore: readonly string[];
  readonly defaultNamespace: string | null;
  /** The rule options the file sets (validated; the others are unset). */
  readonly ruleOptions: Partial<RuleOptions>;
  /** What was wrong with the file, as sentences. */
  readonly problems: readonly string[];
}

export const NO_PROJECT: ProjectConfig = { file: null, rules: {}, meshConfig: null, meshNetworks: null, ignore: [], defaultNamespace: null, ruleOptions: {}, problems: [] };

/** The nearest project file at or above `dir`, or null. */
export function findProjectFile(dir: string): string | null {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, PROJECT_FILE_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** Reads the nearest project file above `dir` (NO_PROJECT when there is none). */
export function loadProjectConfig(dir: string): ProjectConfig {
  const file = findProjectFile(dir);
  if (!file) return NO_PROJECT;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ...NO_PROJECT, file, problems: [`${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`] };
  }
  return parseProjectConfig(text, file);
}

/** Parses a project file's text; `file` is its absolute path (relative paths resolve beside it). */
export function parseProjectConfig(text: string, file: string): ProjectConfig {
  const problems: string[] = [];
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    return { ...NO_PROJECT, file, problems: [`${file} is not valid YAML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}.`] };
  }
  if (raw === null || raw === undefined) return { ...NO_PROJECT, file };
  if (typeof raw !== 'object' || Array.isArray(raw)) return { ...NO_PROJECT, file, problems: [`${file} must be a mapping.`] };
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) if (!KNOWN_KEYS.has(key)) problems.push(`${file}: unknown key "${key}" (known: ${[...KNOWN_KEYS].join(', ')}).`);
  const rules: Record<string, SeverityOverride> = {};
  if (input['rules'] !== undefined) {
    if (typeof input['rules'] !== 'object' || input['rules'] === null || Array.isArray(input['rules'])) problems.push(`${file}: "rules" must map codes to severities.`);
    else {
      for (const [code, value] of Object.entries(input['rules'] as Record<string, unknown>)) {
        if (typeof value === 'string' && SEVERITIES.includes(value)) rules[code] = value as SeverityOverride;
        else problems.push(`${file}: rules.${code} must be one of ${SEVERITIES.join(', ')}; got ${JSON.stringify(value)}.`);
      }
    }
  }
  const dir = path.dirname(file);
  const pathOf = (key: string): string | null => {
    const v = input[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v === '') {
      problems.push(`${file}: "${key}" must be a path.`);
      return null;
    }
    return path.resolve(dir, v);
  };
  const ignore: string[] = [];
  if (input['ignore'] !== undefined) {
    if (!Array.isArray(input['ignore'])) problems.push(`${file}: "ignore" must be a list of glob patterns.`);
    else for (const g of input['ignore']) typeof g === 'string' && g.trim() !== '' ? ignore.push(g) : problems.push(`${file}: ignore entries must be glob strings; got ${JSON.stringify(g)}.`);
  }
  const ns = input['defaultNamespace'];
  if (ns !== undefined && (typeof ns !== 'string' || ns === '')) problems.push(`${file}: "defaultNamespace" must be a namespace name.`);
  const options = readRuleOptions(input);
  for (const p of options.problems) problems.push(`${file}: ${p}`);
  return {
    file, rules, meshConfig: pathOf('meshConfig'), meshNetworks: pathOf('meshNetworks'), ignore,
    defaultNamespace: typeof ns === 'string' && ns !== '' ? ns : null, ruleOptions: options.options, problems,
  };
}

/** A test for "this absolute path is ignored by the project file". */
export function ignoreMatcher(project: ProjectConfig): (absolutePath: string) => boolean {
  if (!project.file || project.ignore.length === 0) return () => false;
  const base = path.dirname(project.file);
  const matchers = project.ignore.map(globMatcher);
  return (absolutePath) => {
    const rel = path.relative(base, path.resolve(absolutePath));
    if (rel.startsWith('..') || path.isAbsolute(rel)) return false;
    return matchers.some((m) => m(rel));
  };
}
