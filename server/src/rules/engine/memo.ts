/**
 * Per-subject memoization for rules: what a rule finds about one resource is kept while that
 * resource and everything the finding was computed from are the very same objects.
 *
 * The runner re-runs a rule when a kind it reads changed, and the rule then walks every object of
 * its subject kind. After a keystroke in one VirtualService, every other VirtualService gives the
 * same findings as before; this lets a rule say so in a map lookup per object instead of walking
 * it again:
 *
 *   const perVirtualService = new SubjectMemo<RuleFinding<M>[]>();
 *   check({ index, report }) {
 *     const memo = perVirtualService.over(index);
 *     for (const vs of index.ofKind(K.VirtualService)) for (const f of memo.get(vs, findingsOf)) report(f);
 *   }
 *   function findingsOf(index: ResourceIndex, vs: Resource): RuleFinding<M>[] { ... }
 *
 * How it stays exact: `findingsOf` gets an index that records every read it makes (`ofKind`,
 * `get`, `byKey`, `knows`, `meshConfig`) with what the read returned. A kept result is used only
 * when the subject is the same Resource object (the index keeps it while its document is
 * unchanged) and every recorded read returns the same object again. The index rebuilds a kind's
 * list whenever one of its objects changes, so a result that read a list is recomputed after
 * any change to that kind, and one that looked up a single object only when that object changed.
 * What the compute function must not do is read anything but its two arguments (and pure helpers
 * of them): no closure over the rule's own `index`, no options, no clock. Rules that read options
 * or the time do not use this.
 *
 * A helper that answers a narrow question from a whole kind (which DestinationRules apply to this
 * host?) can make the computation depend on its answer instead of on the kind (`dependOn`): an edit
 * to one DestinationRule then recomputes only the subjects whose answer changed.
 *
 * The records live beside the Resource objects (a WeakMap), so they go when the objects go.
 */
import type { Kind } from '../../model/kinds';
import type { MeshConfig } from '../../model/mesh-config';
import type { Resource, ResourceKey } from '../../model/resource';
import type { ResourceIndex } from '../../model/resource-index';

/** One read a computation made, and what it returned. */
interface Read {
  readonly again: (index: ResourceIndex) => unknown;
  readonly result: unknown;
}

/**
 * `compute(index)`, as one read of a memoized computation: the computation depends on the answer
 * (an array is the same answer when it holds the same objects in the same order), not on what
 * computing it read. Outside a memoized computation it is just `compute(index)`. `key` names the
 * question (function and arguments); `compute` must be a pure function of the index.
 */
export function dependOn<T>(index: ResourceIndex, key: string, compute: (index: ResourceIndex) => T): T {
  return index instanceof TrackingIndex ? index.derived(key, compute) : compute(index);
}

function sameAnswer(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => x === b[i]);
}

interface Kept<T> {
  readonly index: ResourceIndex;
  readonly reads: readonly Read[];
  readonly value: T;
}

export class SubjectMemo<T> {
  private readonly kept = new WeakMap<Resource, Kept<T>>();

  /** The memo for one run of a rule over `index`. */
  over(index: ResourceIndex): MemoRun<T> {
    return new MemoRun(index, this.kept);
  }
}

export class MemoRun<T> {
  private readonly tracking: TrackingIndex;

  constructor(
    private readonly index: ResourceIndex,
    private readonly kept: WeakMap<Resource, Kept<T>>,
  ) {
    this.tracking = new TrackingIndex(index);
  }

  /** `compute(index, subject)`, or what it returned last time when nothing it read changed. */
  get(subject: Resource, compute: (index: ResourceIndex, subject: Resource) => T): T {
    const last = this.kept.get(subject);
    if (last && last.index === this.index && last.reads.every((r) => sameAnswer(r.again(this.index), r.result))) return last.value;
    const reads = this.tracking.start();
    const value = compute(this.tracking, subject);
    this.kept.set(subject, { index: this.index, reads: [...reads.values()], value });
    return value;
  }
}

/** A ResourceIndex that notes each distinct read and its result. */
class TrackingIndex implements ResourceIndex {
  private reads = new Map<string, Read>();

  constructor(private readonly base: ResourceIndex) {}

  /** Begins recording the reads of one computation. */
  start(): ReadonlyMap<string, Read> {
    this.reads = new Map();
    return this.reads;
  }

  ofKind(kind: Kind): readonly Resource[] {
    const result = this.base.ofKind(kind);
    this.note(`o\u0000${kind}`, (i) => i.ofKind(kind), result);
    return result;
  }

  get(kind: Kind, namespace: string, name: string): Resource | undefined {
    const result = this.base.get(kind, namespace, name);
    this.note(`g\u0000${kind}\u0000${namespace}\u0000${name}`, (i) => i.get(kind, namespace, name), result);
    return result;
  }

  byKey(key: ResourceKey): Resource | undefined {
    const result = this.base.byKey(key);
    this.note(`b\u0000${key}`, (i) => i.byKey(key), result);
    return result;
  }

  knows(kind: Kind): boolean {
    const result = this.base.knows(kind);
    this.note(`k\u0000${kind}`, (i) => i.knows(kind), result);
    return result;
  }

  /**
   * A derived answer (dependOn). The computation depends on the answer, not on the reads made to
   * compute it; those reads are kept only to skip recomputing the answer when none of them changed
   * (after an edit of another kind, the usual case).
   */
  derived<T>(key: string, compute: (index: ResourceIndex) => T): T {
    const noted = this.reads.get(`d\u0000${key}`);
    if (noted) return noted.result as T;
    const inner = new TrackingIndex(this.base);
    const recorded = inner.start();
    const result = compute(inner);
    const inputs = [...recorded.values()];
    const again = (index: ResourceIndex): unknown => (inputs.every((r) => sameAnswer(r.again(index), r.result)) ? result : compute(index));
    this.note(`d\u0000${key}`, again, result);
    return result;
  }

  get meshConfig(): MeshConfig {
    const result = this.base.meshConfig;
    this.note('m', (i) => i.meshConfig, result);
    return result;
  }

  private note(key: string, again: (index: ResourceIndex) => unknown, result: unknown): void {
    if (!this.reads.has(key)) this.reads.set(key, { again, result });
  }
}
