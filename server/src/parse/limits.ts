/**
 * Limits that keep hostile or accidental input from hanging or crashing the engine. Each limit
 * turns into one positioned finding (code MSH0002) naming the limit and the setting that raises
 * it, never into an exception.
 */
export interface ParseLimits {
  /** Files larger than this many bytes (UTF-8) are not analysed (setting meshLifecycle.maxFileSize). */
  readonly maxFileSize: number;
  /**
   * Alias expansions allowed per document before it counts as an alias bomb; also the most alias
   * nodes a document may hold (the yaml library resolves each one in time linear in the others).
   */
  readonly maxAliasCount: number;
  /** Collections nested deeper than this are not analysed; no Kubernetes object comes close. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: ParseLimits = {
  maxFileSize: 5 * 1024 * 1024,
  maxAliasCount: 1000,
  maxDepth: 256,
};
