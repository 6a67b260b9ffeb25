/**
 * Turns a rule's finding (resource key + path) into a Finding with a file and a range. The range
 * comes from parse/locate.ts on the resource's own document, shifted to where that document
 * starts in its file, so rule findings land on the same tokens as schema findings.
 *
 * Objects known only from a live cluster have no text: their findings name the resource key as
 * the file and sit at 0:0, so the CLI and the editor can still list them.
 */
import type { Finding, RelatedFinding } from '../../findings/finding';
import type { PlacedIndex, Placement } from '../../model/workspace-index';
import { chunkRange } from '../../parse/document';
import { locate } from '../../parse/locate';
import type { Path, PathTarget, Range } from '../../parse/types';
import type { Rule, RuleFinding } from '../rule';
import { renderMessage } from './render';

const ORIGIN: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** The placed finding, or null when its subject is no longer in the index. */
export function placeRuleFinding(rule: Rule, finding: RuleFinding, index: PlacedIndex): Finding | null {
  const resource = index.byKey(finding.subject);
  if (!resource) return null;
  const placement = index.placement(finding.subject);
  const template = (rule.messages as Readonly<Record<string, string>>)[finding.messageId] ?? finding.messageId;
  const related: RelatedFinding[] = [];
  for (const r of finding.related ?? []) {
    const where = index.placement(r.subject);
    if (where) related.push({ file: where.file, range: rangeAt(where, r.path, 'value'), message: r.note });
    else if (index.byKey(r.subject)) related.push({ file: r.subject, range: ORIGIN, message: r.note });
  }
  return {
    code: rule.code,
    name: rule.name,
    severity: rule.severity,
    message: renderMessage(template, finding.data),
    resource: resource.written,
    file: placement ? placement.file : finding.subject,
    range: placement ? rangeAt(placement, finding.path, finding.target ?? 'value') : ORIGIN,
    ...(placement ? { documentIndex: placement.document.index } : {}),
    path: finding.path,
    messageId: finding.messageId,
    ...(finding.fixes && finding.fixes.length > 0 ? { fixes: finding.fixes } : {}),
    ...(related.length > 0 ? { related } : {}),
  };
}

/** The file range of a path inside a placed document. */
export function rangeAt(placement: Placement, path: Path, target: PathTarget): Range {
  const { chunk, startLine } = placement.document;
  const at = locate(chunk, path, target);
  const r = chunkRange(chunk, at.startOffset, at.endOffset);
  return {
    start: { line: r.start.line + startLine, character: r.start.character },
    end: { line: r.end.line + startLine, character: r.end.character },
  };
}
