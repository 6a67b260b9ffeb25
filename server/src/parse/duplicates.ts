/**
 * Duplicate mapping keys, found in one pass per mapping.
 *
 * Why not yaml's own `uniqueKeys` option: it compares each new key with every earlier key of the
 * mapping, so a 100,000-key ConfigMap took minutes to parse and froze the server. This check gives
 * the same errors at the same offsets (a scalar key equals another when their values are `===`;
 * aliases and collections never collide), using a Set per mapping.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, YAMLParseError, type Document } from 'yaml';

export const DUPLICATE_KEY_MESSAGE = 'Map keys must be unique';

/** Adds a DUPLICATE_KEY error to `doc.errors` for every repeated key, keeping errors in text order. */
export function addDuplicateKeyErrors(doc: Document.Parsed): void {
  const found: YAMLParseError[] = [];
  // Walked with an explicit stack: the depth guard runs later, and this must not recurse.
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key: unknown = pair.key;
        if (isScalar(key) && !Number.isNaN(key.value)) {
          if (seen.has(key.value)) found.push(new YAMLParseError([key.range![0], key.range![0] + 1], 'DUPLICATE_KEY', DUPLICATE_KEY_MESSAGE));
          else seen.add(key.value);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    } else if (isPair(node)) {
      stack.push(node.key, node.value);
    } else if (isAlias(node) || isScalar(node)) {
      // Leaves.
    }
  }
  if (found.length === 0) return;
  found.sort((a, b) => a.pos[0] - b.pos[0]);
  const merged: YAMLParseError[] = [];
  let next = 0;
  for (const error of doc.errors) {
    while (next < found.length && found[next]!.pos[0] < error.pos[0]) merged.push(found[next++]!);
    merged.push(error);
  }
  while (next < found.length) merged.push(found[next++]!);
  // Refilled in place (not spread into splice): a pathological document can hold 100,000 errors.
  doc.errors.length = 0;
  for (const error of merged) doc.errors.push(error);
}
