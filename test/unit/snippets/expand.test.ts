/**
 * The snippet expander behaves like the editor on the syntax our snippets may use, so that "the
 * expanded snippet lints clean" means what a user would see after tabbing through the defaults.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandSnippet, FIXED_VARIABLES } from './expand';

const text = (body: string | string[], vars?: Record<string, string | undefined>): string => expandSnippet(body, vars).text;

test('tab stops without text expand to nothing; placeholders to their default', () => {
  assert.equal(text('a$1b${2}c$0'), 'abc');
  assert.equal(text('name: ${1:reviews}'), 'name: reviews');
  assert.equal(text('${0:done}'), 'done');
  // The final tab stop is never mirrored.
  assert.equal(text('${0:done} $0'), 'done ');
});

test('a bare occurrence mirrors the first occurrence that has a default, before or after it', () => {
  assert.equal(text('host: $1 name: ${1:reviews} again: ${1}'), 'host: reviews name: reviews again: reviews');
  const e = expandSnippet('${1:a} ${1:b} $1');
  // Each placeholder keeps its own text; the bare one takes the first default. Both are recorded.
  assert.equal(e.text, 'a b a');
  assert.deepEqual(e.defaults.get(1), ['a', 'b']);
});

test('nested placeholders expand inside their parent, and mirror on their own', () => {
  assert.equal(text('${1:${2:reviews}-canary} $2 $1'), 'reviews-canary reviews reviews-canary');
  assert.equal(text('${1:cluster.local/ns/${2:default}/sa/${3:web}}'), 'cluster.local/ns/default/sa/web');
  assert.deepEqual(expandSnippet('${1:a${2:b}}').tabstops, [1, 2]);
});

test('choices become their first option, also where they are mirrored', () => {
  assert.equal(text('mode: ${1|STRICT,PERMISSIVE,DISABLE|} again: $1'), 'mode: STRICT again: STRICT');
  assert.equal(text('${1|a\\,b,c|}'), 'a,b');
  assert.equal(text('${1|x\\|y,z|}'), 'x|y');
  // An unterminated choice is text, as in the editor.
  assert.equal(text('${1|a,b}'), '${1|a,b}');
  // Empty options and the final tab stop make no choice either.
  assert.equal(text('${1|a,,b|}'), '${1|a,,b|}');
  assert.equal(text('${0|a,b|}'), '${0|a,b|}');
});

test('variables take the given values; unset ones their default; unknown ones their name', () => {
  assert.equal(text('$TM_FILENAME ${TM_FILENAME_BASE}'), 'mesh.yaml mesh');
  assert.equal(text('${TM_SELECTED_TEXT:nothing}'), 'nothing');
  assert.equal(text('${TM_FILENAME:ignored}'), 'mesh.yaml');
  assert.equal(text('${CLIPBOARD}'), '');
  // Unknown: the default if there is one, else the name (the editor makes it a placeholder).
  const unknown = expandSnippet('${NOT_A_VARIABLE:x} $ALSO_NOT');
  assert.equal(unknown.text, 'x ALSO_NOT');
  assert.deepEqual(unknown.unknownVariables, ['NOT_A_VARIABLE', 'ALSO_NOT']);
  assert.equal(text('$TM_FILENAME', { ...FIXED_VARIABLES, TM_FILENAME: 'other.yaml' }), 'other.yaml');
});

test('escapes: \\$, \\} and \\\\ are literal; other backslashes stay', () => {
  assert.equal(text('cost: \\$5'), 'cost: $5');
  assert.equal(text('${1:a\\}b}'), 'a}b');
  assert.equal(text('back\\\\slash'), 'back\\slash');
  assert.equal(text('regex: ^\\d+$'), 'regex: ^\\d+$');
});

test('what is not snippet syntax is text: lone $, stray }, unclosed braces', () => {
  assert.equal(text('a $ b'), 'a $ b');
  assert.equal(text('{ } }'), '{ } }');
  assert.equal(text('${1:open'), '${1:open');
  assert.equal(text('${ x }'), '${ x }');
  assert.equal(text('$$1'), '$');
});

test('transforms apply to a mirrored tab stop and to variables', () => {
  assert.equal(text('${1:reviews} ${1/(.*)/${1:/upcase}/}'), 'reviews REVIEWS');
  assert.equal(text('${1:my-service} ${1/(.*)/${1:/pascalcase}/}'), 'my-service MyService');
  assert.equal(text('${1:my-service} ${1/(.*)/${1:/camelcase}/}'), 'my-service myService');
  assert.equal(text('${1:web} ${1/(.*)/${1:/capitalize}/}'), 'web Web');
  assert.equal(text('${1:MyService} ${1/(.*)/${1:/kebabcase}/} ${1/(.*)/${1:/snakecase}/}'), 'MyService myservice myservice');
  assert.equal(text('${1:my service} ${1/(.*)/${1:/kebabcase}/} ${1/(.*)/${1:/snakecase}/}'), 'my service my-service my_service');
  assert.equal(text('${1:a/b} ${1/\\//-/g}'), 'a/b a-b');
  assert.equal(text('${TM_FILENAME/(.*)\\.ya?ml$/$1/}'), 'mesh');
  assert.equal(text('${TM_FILENAME/[aeiou]/_/g}'), 'm_sh.y_ml');
  assert.equal(text('${1:x} ${1/(y)?/${1:?yes:no}/}'), 'x nox');
  assert.equal(text('${1:} ${1/^$/${0:-empty}/}'), ' empty');
  assert.equal(text('${CLIPBOARD/(.+)/${1:+has}/}'), '');
});

test('bodies given as lines are joined with newlines', () => {
  assert.equal(text(['a: ${1:x}', 'b: $1']), 'a: x\nb: x');
});
