import type { Path, PathTarget, Range, ResourceIdentity } from '../parse/types';

/** How bad a finding is; `--failure-threshold` and editor severities use the same scale. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Severities ordered from most to least severe, for threshold comparisons. */
export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2, hint: 3 };

/** A fix is data: the engine turns it into text edits; producers never compute offsets. */
export interface Fix {
  readonly title: string;
  readonly edits: readonly YamlEdit[];
  readonly preferred?: boolean;
}

/**
 * One structural edit at a path. `subject` names the resource to edit (a ResourceKey); absent, it
 * is the resource the finding is on — so a fix may also edit another file (add a missing subset
 * to the DestinationRule a route names). `add-document` writes a new object as a YAML document
 * of its own right after the subject's document (a ReferenceGrant a route needs, a missing
 * DestinationRule): next to the object that needs it, in a file the user already has open.
 */
export type YamlEdit = (
  | { readonly op: 'set'; readonly path: Path; readonly value: unknown }
  | { readonly op: 'delete'; readonly path: Path }
  | { readonly op: 'rename-key'; readonly path: Path; readonly newKey: string }
  | { readonly op: 'append'; readonly path: Path; readonly value: unknown }
  | { readonly op: 'add-document'; readonly value: Readonly<Record<string, unknown>> }
) & { readonly subject?: string };

/**
 * A problem found inside one document, addressed by path. Producers (the schema validator,
 * rules) emit these; `locate` turns the path into a range on the exact key or value.
 */
export interface PathFinding {
  readonly code: string;
  /** Stable kebab-case name of the check, unique per check (several checks may share an IST code). */
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  readonly path: Path;
  /** Whether the range covers the key naming `path` or its value. Defaults to 'value'. */
  readonly target?: PathTarget;
  readonly fixes?: readonly Fix[];
}

/** Another place a finding concerns ("referenced from …", "the other VirtualService"). */
export interface RelatedFinding {
  readonly file: string;
  readonly range: Range;
  readonly message: string;
}

/** A finding with its place in a file: what the CLI prints and the server turns into a diagnostic. */
export interface Finding {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly message: string;
  /** Null for problems that belong to no resource, such as a YAML syntax error. */
  readonly resource: ResourceIdentity | null;
  readonly file: string;
  readonly range: Range;
  /** Index of the YAML document within the file, when the finding belongs to one. */
  readonly documentIndex?: number;
  readonly path?: Path;
  readonly fixes?: readonly Fix[];
  /** For rule findings: the rule's message id (fixtures can pin it as `CODE/messageId`). */
  readonly messageId?: string;
  readonly related?: readonly RelatedFinding[];
}
