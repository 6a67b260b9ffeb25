/**
 * What a rule is: one value holding its code, name, default severity, declared reads, docs,
 * message templates and check. Rules see resources and paths, never text or LSP types; the runner
 * turns their findings into ranges (parse/locate.ts) and messages (templates with {placeholders}).
 *
 * Several rules may share an Istio code (IST0101 ReferencedResourceNotFound is reported by many
 * analyzers), so a rule's `name` — equal to its file name — is its unique key.
 */
import type { Fix, Severity } from '../findings/finding';
import type { Kind } from '../model/kinds';
import type { ResourceKey } from '../model/resource';
import type { ResourceIndex } from '../model/resource-index';
import type { Path } from '../parse/types';
import type { RuleOptions } from './engine/options';

export interface RuleDocs {
  /** One sentence ending with a period. */
  readonly summary: string;
  /** Why it matters: what breaks at runtime. */
  readonly rationale: string;
  readonly seeAlso?: readonly string[];
}

export interface Rule<M extends string = string> {
  /** IST0xxx where `istioctl analyze` makes the same check (with its message name); MSH otherwise. */
  readonly code: string;
  /** For IST codes, Istio's message name (e.g. "ReferencedResourceNotFound"). */
  readonly istioName?: string;
  /** Kebab-case, unique, equal to the rule's file name. */
  readonly name: string;
  /**
   * The `istioctl analyze` analyzer that makes the same check (e.g.
   * 'virtualservice.DestinationRuleAnalyzer'); the conformance test runs a case's analyzer
   * through the rules that name it. A check that several analyzers make names each of them
   * (a Gateway selector matching no pod is reported by IngressGatewayPortAnalyzer and by
   * SecretAnalyzer), so one rule reports it once instead of two rules reporting it twice.
   */
  readonly istioAnalyzer?: string | readonly string[];
  readonly severity: Severity;
  /**
   * Every kind the check reads, and the pseudo-kinds of the other inputs it reads (engine/inputs.ts:
   * `OPTION.<name>` for `ctx.options.<name>`, `CLOCK` for `ctx.now()`); the runner schedules by it
   * and a meta-test proves it.
   */
  readonly reads: readonly Kind[];
  readonly docs: RuleDocs;
  readonly messages: Readonly<Record<M, string>>;
  check(ctx: RuleContext<M>): void;
}

export interface RuleContext<M extends string> {
  readonly index: ResourceIndex;
  /** Validated options with their defaults filled in; declare `OPTION.<name>` for each one read. */
  readonly options: RuleOptions;
  /**
   * The current time, one instant for the whole run (pinned in tests, so fixtures never depend
   * on the day they run). Declare `CLOCK` when calling it: such rules re-run when the day changes.
   */
  now(): Date;
  report(finding: RuleFinding<M>): void;
}

/** A related place, shown as "referenced from …" and the like. */
export interface RelatedLocation {
  readonly subject: ResourceKey;
  readonly path: Path;
  readonly note: string;
}

export interface RuleFinding<M extends string = string> {
  /** The resource the finding is on. */
  readonly subject: ResourceKey;
  /** Where in it; the runner maps this to the exact key or value. */
  readonly path: Path;
  /** Whether to mark the key naming `path` or its value (default: value). */
  readonly target?: 'key' | 'value';
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string | number>>;
  readonly related?: readonly RelatedLocation[];
  readonly fixes?: readonly Fix[];
}

/** Fixes the message-id type, as typescript-eslint's createRule does. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}
