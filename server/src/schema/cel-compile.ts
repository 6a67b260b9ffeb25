/**
 * Compiling `x-kubernetes-validations` entries: CEL source -> CompiledRule, once per distinct rule.
 *
 *   ValidationRule --compileRule--> CompiledRule { status: ok | transition | unsupported, program }
 *
 * Rules are parsed and type-checked in one shared cel-js environment that has `self` and the
 * Kubernetes library (cel-library.ts). Before parsing, `matches(...)` is rewritten to the
 * RE2-aware `k8sMatches(...)`, and `has(` to `k8sHas(` when cel-js refuses the receiver. A rule
 * that mentions `oldSelf` is a transition rule (a file has no old object); one that does not parse
 * or type-check is unsupported and never runs. Results are cached by source text, because the same
 * rules recur across schemas and versions.
 */
import { Environment, type ParseResult } from '@marcbachmann/cel-js';
import { registerKubernetesLibrary, type LibraryReport } from './cel-library';
import type { ValidationRule } from './structural';

export type RuleStatus = 'ok' | 'transition' | 'unsupported';

export interface CompiledRule {
  readonly source: ValidationRule;
  readonly status: RuleStatus;
  /** Why the rule is unsupported (parse or type error), for diagnostics and coverage reports. */
  readonly error?: string;
  readonly program: ParseResult | null;
  readonly messageProgram: ParseResult | null;
  readonly fieldPath: readonly (string | number)[];
}

let environment: { env: Environment; library: LibraryReport } | null = null;

function env(): Environment {
  if (!environment) {
    const e = new Environment({
      unlistedVariablesAreDyn: false,
      homogeneousAggregateLiterals: false,
      enableOptionalTypes: true,
      limits: { maxAstNodes: 100_000, maxDepth: 250, maxListElements: 10_000, maxMapEntries: 10_000, maxCallArguments: 32 },
    });
    e.registerVariable('self', 'dyn');
    const library = registerKubernetesLibrary(e);
    environment = { env: e, library };
  }
  return environment.env;
}

/** What the Kubernetes library registration did (signatures cel-js refused are listed). */
export function celLibraryReport(): LibraryReport {
  env();
  return environment!.library;
}

/** Applies `rewrite` to the parts of a CEL source that are not string literals. */
function rewriteCode(src: string, rewrite: (code: string) => string): string {
  let out = '';
  let code = '';
  let i = 0;
  const flush = (): void => {
    out += rewrite(code);
    code = '';
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"' || c === "'") {
      const start = i;
      const prev = src[i - 1];
      const raw = prev === 'r' || prev === 'R' || ((prev === 'b' || prev === 'B') && /[rR]/.test(src[i - 2] ?? ''));
      const triple = src.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < src.length && !src.startsWith(quote, j)) j += !raw && src[j] === '\\' ? 2 : 1;
      j = Math.min(src.length, j + quote.length);
      flush();
      out += src.slice(start, j);
      i = j;
      continue;
    }
    code += c;
    i += 1;
  }
  flush();
  return out;
}

/** Rewrites `x.matches(re)`/`matches(x, re)` to the RE2-aware `k8sMatches`. */
export function rewriteMatches(src: string): string {
  return rewriteCode(src, (code) =>
    code.replace(/\.(\s*)matches(\s*)\(/g, '.$1k8sMatches$2(').replace(/(^|[^.\w])matches(\s*)\(/g, '$1k8sMatches$2('),
  );
}

/** Rewrites `has(` to `k8sHas(`, which accepts any receiver expression. */
export function rewriteHas(src: string): string {
  return rewriteCode(src, (code) => code.replace(/(^|[^.\w])has(\s*)\(/g, '$1k8sHas$2('));
}

const programCache = new Map<string, { program: ParseResult | null; error?: string }>();

/** Parses and type-checks a CEL expression once; null program when it cannot be supported. */
function compileExpression(src: string): { program: ParseResult | null; error?: string } {
  const hit = programCache.get(src);
  if (hit) return hit;
  let result = tryCompile(rewriteMatches(src));
  if (!result.program && result.error?.includes('has() invalid argument')) result = tryCompile(rewriteHas(rewriteMatches(src)));
  programCache.set(src, result);
  return result;
}

function tryCompile(src: string): { program: ParseResult | null; error?: string } {
  try {
    const program = env().parse(src);
    const check = program.check();
    return check.valid ? { program } : { program: null, error: firstLine(check.error?.message ?? 'type error') };
  } catch (e) {
    return { program: null, error: firstLine(e instanceof Error ? e.message : String(e)) };
  }
}

export function firstLine(s: string): string {
  return s.split('\n', 1)[0]!;
}

function mentionsOldSelf(src: string): boolean {
  // Cheap and conservative: any identifier `oldSelf` outside a string literal.
  return /\boldSelf\b/.test(src.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""'));
}

/** Parses a rule's fieldPath (`.spec.foo`, `.foo['bar.baz']`, `.list[0]`); [] when malformed. */
export function parseFieldPath(fp: string | undefined): (string | number)[] {
  if (!fp) return [];
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\[\s*(\d+)\s*\]/y;
  let i = 0;
  while (i < fp.length) {
    re.lastIndex = i;
    const m = re.exec(fp);
    if (!m) return [];
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2].replace(/\\(.)/g, '$1'));
    else if (m[3] !== undefined) out.push(m[3].replace(/\\(.)/g, '$1'));
    else out.push(Number(m[4]));
    i = re.lastIndex;
  }
  return out;
}

const compiledRuleCache = new Map<string, CompiledRule>();

/** Compiles one validation entry (cached by its full content). */
export function compileRule(rule: ValidationRule): CompiledRule {
  const key = JSON.stringify([rule.rule, rule.message, rule.messageExpression, rule.reason, rule.fieldPath]);
  const hit = compiledRuleCache.get(key);
  if (hit) return hit;
  let compiled: CompiledRule;
  const fieldPath = parseFieldPath(rule.fieldPath);
  if (typeof rule.rule !== 'string' || rule.rule.trim() === '') {
    compiled = { source: rule, status: 'unsupported', error: 'empty rule', program: null, messageProgram: null, fieldPath };
  } else if (mentionsOldSelf(rule.rule)) {
    compiled = { source: rule, status: 'transition', program: null, messageProgram: null, fieldPath };
  } else {
    const { program, error } = compileExpression(rule.rule);
    const messageProgram = rule.messageExpression ? compileExpression(rule.messageExpression).program : null;
    compiled = program
      ? { source: rule, status: 'ok', program, messageProgram, fieldPath }
      : { source: rule, status: 'unsupported', error, program: null, messageProgram: null, fieldPath };
  }
  compiledRuleCache.set(key, compiled);
  return compiled;
}
