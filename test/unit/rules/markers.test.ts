import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../server/src/findings/finding';
import { compareWithMarkers, readMarkers, renderWithMarkers } from '../../support/markers';

const finding = (line: number, code: string, messageId?: string): Finding => ({
  code, name: 'n', severity: 'error', message: 'm', resource: null, file: 'f',
  range: { start: { line, character: 2 }, end: { line, character: 4 } }, ...(messageId ? { messageId } : {}),
});

const TEXT = ['a: 1  # expect: IST0101/unknownSubset MSH1001', 'b: 2', '#  ^^ MSH1005', 'c: 3  # expect: IST0101'].join('\n');

test('markers: codes, pinned messageIds and carets', () => {
  assert.deepEqual(readMarkers(TEXT), [
    { line: 0, code: 'IST0101', messageId: 'unknownSubset' },
    { line: 0, code: 'MSH1001' },
    { line: 1, code: 'MSH1005', columns: { start: 3, end: 5 } },
    { line: 3, code: 'IST0101' },
  ]);
});

test('markers: a pinned messageId must match; an unpinned code matches any', () => {
  const ok = [finding(0, 'IST0101', 'unknownSubset'), finding(0, 'MSH1001'), { ...finding(1, 'MSH1005'), range: { start: { line: 1, character: 3 }, end: { line: 1, character: 5 } } }, finding(3, 'IST0101', 'other')];
  assert.equal(compareWithMarkers(TEXT, ok), null);
  const wrongId = [finding(0, 'IST0101', 'noDestinationRule'), ...ok.slice(1)];
  assert.match(compareWithMarkers(TEXT, wrongId)!, /expected but not found:\n {2}line 1: IST0101\/unknownSubset/);
});

test('markers: re-rendering keeps pins on pinned lines and leaves no trailing spaces', () => {
  const rendered = renderWithMarkers(TEXT, [finding(0, 'IST0101', 'noDestinationRule'), finding(1, 'IST0102', 'x')]);
  assert.equal(rendered, ['a: 1  # expect: IST0101/noDestinationRule', 'b: 2  # expect: IST0102', 'c: 3'].join('\n'));
});
