/** The front's outbox: which messages merge, which are taken out, and that order is kept. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Outbox, type RpcMessage } from '../../../server/src/lsp/outbox';

const change = (uri: string, version: number, text: string): RpcMessage => ({
  jsonrpc: '2.0', method: 'textDocument/didChange',
  params: { textDocument: { uri, version }, contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text }] },
});
const request = (id: number | string, method = 'textDocument/hover'): RpcMessage => ({ jsonrpc: '2.0', id, method, params: {} });
const texts = (m: RpcMessage) => (m.params as { contentChanges: { text: string }[] }).contentChanges.map((c) => c.text);
const version = (m: RpcMessage) => (m.params as { textDocument: { version: number } }).textDocument.version;

test('outbox: adjacent changes of one document merge into one, with the later version and both change lists in order', () => {
  const box = new Outbox();
  box.push(change('file:///a.yaml', 2, 'x'));
  box.push(change('file:///a.yaml', 3, 'y'));
  box.push(change('file:///a.yaml', 4, 'z'));
  const [merged, ...rest] = box.take();
  assert.equal(rest.length, 0);
  assert.equal(version(merged!), 4);
  assert.deepEqual(texts(merged!), ['x', 'y', 'z']);
});

const cases: { name: string; messages: RpcMessage[]; expected: number }[] = [
  { name: 'changes of two documents', messages: [change('file:///a.yaml', 2, 'x'), change('file:///b.yaml', 2, 'y')], expected: 2 },
  { name: 'a request between two changes', messages: [change('file:///a.yaml', 2, 'x'), request(1), change('file:///a.yaml', 3, 'y')], expected: 3 },
  { name: 'an open, then a change', messages: [{ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///a.yaml' } } }, change('file:///a.yaml', 2, 'x')], expected: 2 },
  { name: 'a malformed change', messages: [change('file:///a.yaml', 2, 'x'), { jsonrpc: '2.0', method: 'textDocument/didChange', params: {} }], expected: 2 },
];
for (const c of cases) {
  test(`outbox: does not merge ${c.name}`, () => {
    const box = new Outbox();
    for (const m of c.messages) box.push(m);
    assert.equal(box.take().length, c.expected);
  });
}

test('outbox: a request is taken out by id (1 and "1" are different ids); take() empties it', () => {
  const box = new Outbox();
  box.push(request(1));
  box.push(request('1'));
  assert.equal(box.removeRequest(1), true);
  assert.equal(box.removeRequest(1), false);
  assert.deepEqual(box.take().map((m) => m.id), ['1']);
  assert.equal(box.size, 0);
});
