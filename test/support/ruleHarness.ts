/**
 * The rule fixture harness: loads `test/fixtures/rules/<rule-name>/<case>.yaml` cases, runs ONE
 * rule over them, and compares its findings with the `# expect:` markers (markers.ts).
 *
 * A case is `<case>.yaml` plus optional companions:
 *   <case>.cluster.yaml  objects loaded as the live-cluster snapshot (markers there assert
 *                        findings on cluster-only objects; a file object with the same identity
 *                        overrides the cluster's, as in the editor)
 *   <case>.fixed.yaml    the case after applying every preferred fix; re-checked to be clean
 *   <case>.mesh.yaml     an Istio MeshConfig overlaying the defaults
 *   <case>.meshnetworks.yaml  the mesh networks file (`--meshNetworksFile`); markers there assert
 *                        findings on it
 *   <case>.options.yaml  rule options as the project file writes them
 *                        (`certificateExpiryWarningDays: 14`); the defaults otherwise
 *
 * Every case runs with the clock pinned to FIXTURE_NOW (test/support/clock.ts).
 *
 * The preferred fix of a finding is the fix marked `preferred`, else its only fix.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Finding } from '../../server/src/findings/finding';
import { applyTextEdits, textEditsForFix, type TextEdit } from '../../server/src/fixes/apply';
import { K, kindOf, type Kind } from '../../server/src/model/kinds';
import { meshConfigFrom } from '../../server/src/model/mesh-config';
import { scopesFromSchemas } from '../../server/src/model/scope';
import { WorkspaceIndex, type PlacedIndex } from '../../server/src/model/workspace-index';
import { parseFile } from '../../server/src/parse/file';
import { DEFAULT_LIMITS } from '../../server/src/parse/limits';
import { CLOCK, OPTION, type RuleInputs } from '../../server/src/rules/engine/inputs';
import { readRuleOptions, resolveRuleOptions, RULE_OPTION_NAMES, type RuleOptions } from '../../server/src/rules/engine/options';
import { runRules } from '../../server/src/rules/engine/runner';
import type { Rule } from '../../server/src/rules/rule';
import { FIXTURE_NOW } from './clock';
import { FIXTURES, REPO_ROOT } from './repo';
import { readMarkers, renderWithMarkers } from './markers';

export const RULE_FIXTURES = path.join(FIXTURES, 'rules');
const COMPANION = /\.(cluster|fixed|mesh|meshnetworks|options)\.ya?ml$/;

/** A YAML file of a case. */
export interface CaseFile {
  readonly file: string;
  readonly text: string;
}

export interface RuleCase {
  readonly rule: string;
  readonly name: string;
  readonly main: CaseFile;
  readonly cluster?: CaseFile;
  readonly fixed?: CaseFile;
  readonly mesh?: CaseFile;
  readonly meshNetworks?: CaseFile;
  readonly options?: CaseFile;
}

/** The rule names that have a fixture directory, sorted. */
export function fixtureRuleNames(): string[] {
  if (!existsSync(RULE_FIXTURES)) return [];
  return readdirSync(RULE_FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
}

/** The cases of a rule, sorted by name. */
export function casesOf(rule: string): RuleCase[] {
  const dir = path.join(RULE_FIXTURES, rule);
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f) && !COMPANION.test(f)).sort();
  return names.map((name) => {
    const base = name.replace(/\.ya?ml$/, '');
    const companion = (suffix: string): CaseFile | undefined => {
      const file = path.join(dir, `${base}.${suffix}.yaml`);
      return existsSync(file) ? { file, text: readFileSync(file, 'utf8') } : undefined;
    };
    const file = path.join(dir, name);
    const cluster = companion('cluster');
    const fixed = companion('fixed');
    const mesh = companion('mesh');
    const meshNetworks = companion('meshnetworks');
    const options = companion('options');
    return {
      rule, name: base, main: { file, text: readFileSync(file, 'utf8') },
      ...(cluster ? { cluster } : {}), ...(fixed ? { fixed } : {}), ...(mesh ? { mesh } : {}), ...(meshNetworks ? { meshNetworks } : {}),
      ...(options ? { options } : {}),
    };
  });
}

/** Whether a case expects any finding (in its main, cluster or mesh networks file). */
export function isPositive(c: RuleCase): boolean {
  return [c.main, c.cluster, c.meshNetworks].some((f) => f !== undefined && readMarkers(f.text).length > 0);
}

/** The index of a case: the main file (or `mainText` instead of it) over the cluster file. */
export function caseIndex(c: RuleCase, mainText: string = c.main.text): WorkspaceIndex {
  const index = new WorkspaceIndex({ scopes: scopesFromSchemas(path.join(REPO_ROOT, 'schemas')) });
  index.setFile(c.main.file, parseFile(mainText, DEFAULT_LIMITS));
  if (c.cluster) {
    const objects = parseFile(c.cluster.text, DEFAULT_LIMITS)
      .filter((d) => d.chunk.identity !== null)
      .map((document) => ({ value: document.chunk.value as Record<string, unknown>, source: { file: c.cluster!.file, document } }));
    // A cluster snapshot lists every kind it holds objects of completely.
    index.setCluster('fixture', objects, listedKinds(objects.map((o) => o.value)));
  }
  if (c.mesh) index.setMeshConfig(meshConfigFrom(parseYaml(c.mesh.text)));
  if (c.meshNetworks) index.setMeshNetworks(c.meshNetworks.file, parseFile(c.meshNetworks.text, DEFAULT_LIMITS)[0] ?? null);
  return index;
}

function listedKinds(values: readonly Record<string, unknown>[]): Kind[] {
  const kinds = new Set<Kind>();
  for (const v of values) {
    if (typeof v['apiVersion'] === 'string' && typeof v['kind'] === 'string') kinds.add(kindOf(v['apiVersion'], v['kind']));
  }
  return [...kinds];
}

/** What running one rule on a case produced. */
export interface CaseRun {
  readonly index: WorkspaceIndex;
  readonly findings: readonly Finding[];
  /** Rule errors (a throwing rule fails its cases). */
  readonly errors: readonly string[];
}

/**
 * The rule options of a case: its `.options.yaml` read as the project file reads them, over the
 * defaults. A value the project file would reject fails the case instead of being ignored.
 */
export function caseOptions(c: RuleCase): RuleOptions {
  if (!c.options) return resolveRuleOptions();
  const raw: unknown = parseYaml(c.options.text) ?? {};
  const read = readRuleOptions(raw as Record<string, unknown>);
  if (read.problems.length > 0) throw new Error(`${c.options.file}: ${read.problems.join(' ')}`);
  return resolveRuleOptions(read.options);
}

/** Runs one rule on a case; `record` collects what the rule reads (index kinds, options, clock). */
export function runCase(rule: Rule, c: RuleCase, options: { mainText?: string; record?: Set<Kind> } = {}): CaseRun {
  const index = caseIndex(c, options.mainText);
  // Every case runs at the same instant, so date-dependent rules give the same answer every day.
  const inputs: RuleInputs = { options: caseOptions(c), now: () => FIXTURE_NOW };
  const run = options.record
    ? runRules([rule], recordingIndex(index, options.record), recordingInputs(inputs, options.record))
    : runRules([rule], index, inputs);
  return {
    index, findings: run.findings,
    errors: run.errors.map((e) => `${e.rule} threw: ${e.error instanceof Error ? e.error.stack : String(e.error)}`),
  };
}

/** The main file's text after applying every finding's preferred fix (on the main file). */
export function applyPreferredFixes(c: RuleCase, run: CaseRun): string {
  const edits: TextEdit[] = [];
  for (const f of run.findings) {
    const fix = f.fixes?.find((x) => x.preferred) ?? (f.fixes?.length === 1 ? f.fixes[0] : undefined);
    if (!fix || f.file !== c.main.file) continue;
    const subject = `${f.file}#${f.documentIndex}`;
    edits.push(...(textEditsForFix(fix, subject, run.index).get(c.main.file) ?? []));
  }
  return applyTextEdits(c.main.text, edits);
}

/** A text without its `# expect:` markers (and caret lines). */
export function withoutMarkers(text: string): string {
  return renderWithMarkers(text, []);
}

/**
 * An index wrapper that records every kind a rule reads: `ofKind`, `get` and `knows` by their
 * kind argument, `byKey` by the kind of what it returns, and `meshConfig` as K.MeshConfig.
 */
export function recordingIndex(index: PlacedIndex, reads: Set<Kind>): PlacedIndex {
  return {
    ofKind: (kind) => { reads.add(kind); return index.ofKind(kind); },
    get: (kind, namespace, name) => { reads.add(kind); return index.get(kind, namespace, name); },
    byKey: (key) => { const r = index.byKey(key); if (r) reads.add(r.kind); return r; },
    knows: (kind) => { reads.add(kind); return index.knows(kind); },
    get meshConfig() { reads.add(K.MeshConfig); return index.meshConfig; },
    placement: (key) => index.placement(key),
  };
}

/** Inputs that record reading an option as its pseudo-kind, and reading the time as CLOCK. */
export function recordingInputs(inputs: RuleInputs, reads: Set<Kind>): RuleInputs {
  const options = {} as RuleOptions;
  for (const name of RULE_OPTION_NAMES) {
    Object.defineProperty(options, name, { enumerable: true, get: () => { reads.add(OPTION[name]); return inputs.options[name]; } });
  }
  return { options, now: () => { reads.add(CLOCK); return inputs.now(); } };
}
