/**
 * The CEL plan of a schema: which rules run where, built once per schema (compile.ts).
 *
 *   K8sSchema --buildCelPlan--> CelPlan
 *
 * The plan mirrors the schema but keeps only the branches that lead to rules, so that evaluation
 * (cel.ts) walks a document only where a rule can apply. Every rule is compiled on the way
 * (cel-compile.ts); only `ok` rules stay on the nodes, while the plan's `rules` lists them all for
 * coverage reports.
 */
import { compileRule, type CompiledRule } from './cel-compile';
import type { K8sSchema } from './structural';

export interface CelNode {
  readonly schema: K8sSchema;
  readonly rules: readonly CompiledRule[];
  readonly props: readonly (readonly [string, CelNode])[] | null;
  readonly additional: CelNode | null;
  readonly items: CelNode | null;
}

export interface CelPlan {
  readonly root: CelNode;
  /** Every rule in the schema, including transition and unsupported ones. */
  readonly rules: readonly CompiledRule[];
}

function buildNode(s: K8sSchema, all: CompiledRule[]): CelNode | null {
  const rules = (s['x-kubernetes-validations'] ?? []).map(compileRule);
  all.push(...rules);
  let props: [string, CelNode][] | null = null;
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    const child = buildNode(v, all);
    if (child) (props ??= []).push([k, child]);
  }
  const additional = s.additionalProperties && typeof s.additionalProperties === 'object' ? buildNode(s.additionalProperties, all) : null;
  const items = s.items ? buildNode(s.items, all) : null;
  if (rules.length === 0 && !props && !additional && !items) return null;
  return { schema: s, rules: rules.filter((r) => r.status === 'ok'), props, additional, items };
}

/**
 * The CEL plan of a schema, or null when it has no rules at all. With `statusIgnored`, rules
 * under the root `status` are left out: the API server drops status before validating.
 */
export function buildCelPlan(root: K8sSchema, options: { readonly statusIgnored?: boolean } = {}): CelPlan | null {
  const rules: CompiledRule[] = [];
  let schema = root;
  if (options.statusIgnored && root.properties?.status) {
    const { status: _status, ...rest } = root.properties;
    schema = { ...root, properties: rest };
  }
  const node = buildNode(schema, rules);
  return node ? { root: node, rules } : null;
}
