/**
 * API-server semantics of schema validation, on a synthetic CRD that exercises one feature per
 * field. Table-driven: each case mutates a valid document and lists the exact findings expected
 * as "CODE path target" (path joined with '.'); an empty list means the document must be clean.
 */
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { rmSync } from 'node:fs';
import type { PathFinding } from '../../../server/src/findings/finding';
import { SchemaValidator } from '../../../server/src/schema/validator';
import { writeSchemasDir } from './helpers';

const WIDGET_SCHEMA = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['replicas', 'level'],
      properties: {
        replicas: { type: 'integer', format: 'int32', minimum: 0, maximum: 10 },
        ratio: { type: 'number', minimum: 0, exclusiveMinimum: true, multipleOf: 0.5 },
        mode: { type: 'string', enum: ['SIMPLE', 'MUTUAL', 'ISTIO_MUTUAL'] },
        name: { type: 'string', pattern: '(?i)^[a-z][a-z0-9-]*$', minLength: 1, maxLength: 10 },
        code: { type: 'string', pattern: '\\A\\d{3}\\z' },
        ungreedy: { type: 'string', pattern: '(?U)^a+$' },
        port: { type: 'integer', format: 'int32' },
        created: { type: 'string', format: 'date-time' },
        blob: { type: 'string', format: 'byte' },
        link: { type: 'string', format: 'url' },
        maxSurge: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], pattern: '^\\d+%?$' },
        note: { type: 'string', nullable: true },
        color: { type: 'string' },
        level: { type: 'string', default: 'info' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3, 'x-kubernetes-list-type': 'set' },
        uniq: { type: 'array', items: { type: 'integer' }, uniqueItems: true },
        ports: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['port', 'protocol'],
          items: {
            type: 'object',
            required: ['port'],
            properties: { port: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' }, name: { type: 'string' } },
          },
        },
        env: { type: 'object', additionalProperties: { type: 'string' } },
        config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        partial: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { known: { type: 'integer' } } },
        empty: { type: 'object' },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } },
        },
        match: {
          type: 'object',
          properties: { exact: { type: 'string' }, prefix: { type: 'string' }, regex: { type: 'string' } },
          oneOf: [
            { not: { anyOf: [{ required: ['exact'] }, { required: ['prefix'] }, { required: ['regex'] }] } },
            { required: ['exact'] },
            { required: ['prefix'] },
            { required: ['regex'] },
          ],
        },
        target: {
          type: 'object',
          properties: { service: { type: 'string' }, url: { type: 'string' } },
          oneOf: [{ required: ['service'] }, { required: ['url'] }],
        },
        address: {
          type: 'object',
          properties: { type: { type: 'string' }, value: { type: 'string' } },
          oneOf: [
            { properties: { type: { enum: ['IPAddress'] }, value: { anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] } } },
            { properties: { type: { not: { enum: ['IPAddress'] } } } },
          ],
        },
        forbidden: { type: 'object', properties: { x: { type: 'string' }, y: { type: 'string' } }, not: { required: ['y'] } },
        analysis: {
          type: 'object',
          properties: { interval: { type: 'string' }, threshold: { type: 'integer' }, iterations: { type: 'integer' }, stepWeight: { type: 'integer' }, stepWeights: { type: 'array', items: { type: 'integer' } } },
          oneOf: [
            { required: ['interval', 'threshold', 'iterations'] },
            { required: ['interval', 'threshold', 'stepWeight'] },
            { required: ['interval', 'threshold', 'stepWeights'] },
          ],
        },
        pair: {
          type: 'object',
          properties: { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } },
          oneOf: [{ required: ['a', 'b'] }, { required: ['c'] }],
        },
        nested: {
          type: 'object',
          required: ['inner'],
          properties: { inner: { type: 'object', required: ['value'], properties: { value: { type: 'string' } } } },
        },
        limits: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2 },
        weight: { type: 'integer' },
        timeout: { type: 'string' },
        enabled: { type: 'boolean' },
      },
    },
  },
};

const dir = writeSchemasDir([{ group: 'test.example.com', kind: 'Widget', versions: [{ name: 'v1', storage: true, schema: WIDGET_SCHEMA }] }]);
after(() => rmSync(dir, { recursive: true, force: true }));
const validator = new SchemaValidator({ schemasDir: dir });

function widget(spec: Record<string, unknown>, metadata: unknown = { name: 'w', namespace: 'default' }, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'test.example.com/v1', kind: 'Widget', metadata, spec: { replicas: 1, ...spec }, ...extra };
}

function validate(doc: Record<string, unknown>): PathFinding[] {
  return validator.validate({ apiVersion: doc.apiVersion as string, kind: doc.kind as string, namespace: null, name: null }, doc);
}

function brief(f: PathFinding): string {
  return `${f.code} ${f.path.join('.')} ${f.target ?? 'value'}`;
}

interface Case {
  readonly name: string;
  readonly doc: Record<string, unknown>;
  readonly expect: readonly string[];
  /** Substrings the (single) finding's message must contain. */
  readonly message?: readonly string[];
}

const cases: Case[] = [
  { name: 'a valid document is clean', doc: widget({ mode: 'SIMPLE', name: 'Abc-1', tags: ['a', 'b'] }), expect: [] },
  // Types.
  { name: 'integer field rejects a float', doc: widget({ replicas: 1.5 }), expect: ['MSH1002 spec.replicas value'], message: ['must be an integer', 'not a number'] },
  { name: 'integer field rejects a quoted number, with a fix', doc: widget({ weight: '50' }), expect: ['MSH1002 spec.weight value'], message: ['remove the quotes'] },
  { name: 'number field accepts an integer', doc: widget({ ratio: 1 }), expect: [] },
  { name: 'string field rejects a number', doc: widget({ timeout: 10 }), expect: ['MSH1002 spec.timeout value'], message: ['quote it'] },
  { name: 'boolean field rejects the string "true"', doc: widget({ enabled: 'true' }), expect: ['MSH1002 spec.enabled value'] },
  { name: 'boolean field accepts YAML 1.1 booleans (kubectl reads `yes` as true)', doc: widget({ enabled: 'yes' }), expect: [] },
  { name: 'object field rejects a list', doc: widget({ env: ['a'] }), expect: ['MSH1002 spec.env value'], message: ['must be an object, not a list'] },
  { name: 'wrong type swallows enum and pattern at the same path', doc: widget({ mode: 5, name: 7 }), expect: ['MSH1002 spec.mode value', 'MSH1002 spec.name value'] },
  // int32/int64 formats are not validated by the API server.
  { name: 'int32 format: out-of-range integers are accepted', doc: widget({ port: 99999999999 }), expect: [] },
  // Enums.
  { name: 'enum: near miss gets a suggestion', doc: widget({ mode: 'SIMPL' }), expect: ['MSH1003 spec.mode value'], message: ['SIMPLE, MUTUAL, ISTIO_MUTUAL', 'Did you mean SIMPLE?'] },
  { name: 'enum: case-insensitive match is suggested', doc: widget({ mode: 'istio_mutual' }), expect: ['MSH1003 spec.mode value'], message: ['Did you mean ISTIO_MUTUAL?'] },
  { name: 'enum: far value gets no suggestion', doc: widget({ mode: 'PLAINTEXT' }), expect: ['MSH1003 spec.mode value'] },
  // Required.
  { name: 'required field missing: points at the parent key', doc: { ...widget({}), spec: { level: 'x' } }, expect: ['MSH1004 spec key'], message: ['missing required field `replicas`'] },
  { name: 'required field with a default is not missing', doc: widget({}), expect: [] },
  { name: 'missing required field of a nested object', doc: widget({ nested: { inner: {} } }), expect: ['MSH1004 spec.nested.inner key'] },
  { name: 'required on the root points at the value', doc: { apiVersion: 'test.example.com/v1', kind: 'Widget', metadata: { name: 'w' } }, expect: [] },
  { name: 'no required error on a wrong-typed object', doc: widget({ nested: 'x' }), expect: ['MSH1002 spec.nested value'] },
  // Patterns (Go RE2).
  { name: 'pattern with (?i) flag: match', doc: widget({ name: 'ABC' }), expect: [] },
  { name: 'pattern with (?i) flag: mismatch', doc: widget({ name: '1abc' }), expect: ['MSH1005 spec.name value'], message: ['must match the pattern'] },
  { name: 'pattern with \\A and \\z', doc: widget({ code: '1234' }), expect: ['MSH1005 spec.code value'] },
  { name: 'pattern with \\A and \\z: match', doc: widget({ code: '123' }), expect: [] },
  { name: 'untranslatable pattern is skipped, never an error', doc: widget({ ungreedy: 'bbb' }), expect: [] },
  // Formats the API server validates, and one it ignores.
  { name: 'date-time format: valid', doc: widget({ created: '2024-01-02T03:04:05Z' }), expect: [] },
  { name: 'date-time format: invalid', doc: widget({ created: 'yesterday' }), expect: ['MSH1005 spec.created value'], message: ['RFC 3339'] },
  { name: 'byte format: invalid base64', doc: widget({ blob: 'not base64!' }), expect: ['MSH1005 spec.blob value'] },
  { name: 'byte format: valid base64', doc: widget({ blob: 'aGVsbG8=' }), expect: [] },
  { name: 'url format is not validated by the API server', doc: widget({ link: 'not a url' }), expect: [] },
  // Ranges and lengths.
  { name: 'minimum', doc: widget({ replicas: -1 }), expect: ['MSH1005 spec.replicas value'], message: ['at least 0'] },
  { name: 'maximum', doc: widget({ replicas: 11 }), expect: ['MSH1005 spec.replicas value'], message: ['at most 10'] },
  { name: 'exclusiveMinimum (OpenAPI boolean form)', doc: widget({ ratio: 0 }), expect: ['MSH1005 spec.ratio value'], message: ['greater than 0'] },
  { name: 'multipleOf', doc: widget({ ratio: 0.7 }), expect: ['MSH1005 spec.ratio value'], message: ['multiple of 0.5'] },
  { name: 'minLength', doc: widget({ name: '' }), expect: ['MSH1005 spec.name value'], message: ['must not be empty'] },
  { name: 'maxLength', doc: widget({ name: 'abcdefghijkl' }), expect: ['MSH1005 spec.name value'], message: ['at most 10 characters'] },
  { name: 'minItems', doc: widget({ tags: [] }), expect: ['MSH1005 spec.tags key'], message: ['at least 1 item'] },
  { name: 'maxItems', doc: widget({ tags: ['a', 'b', 'c', 'd'] }), expect: ['MSH1005 spec.tags key'] },
  { name: 'maxProperties', doc: widget({ limits: { a: '1', b: '2', c: '3' } }), expect: ['MSH1005 spec.limits key'] },
  { name: 'uniqueItems', doc: widget({ uniq: [1, 2, 1] }), expect: ['MSH1005 spec.uniq.2 value'] },
  // List types.
  { name: 'x-kubernetes-list-type set: duplicates', doc: widget({ tags: ['a', 'a'] }), expect: ['MSH1005 spec.tags.1 value'], message: ['duplicates spec.tags[0]'] },
  { name: 'x-kubernetes-list-type map: duplicate keys (defaults count)', doc: widget({ ports: [{ port: 80 }, { port: 80, protocol: 'TCP' }] }), expect: ['MSH1005 spec.ports.1.port value'], message: ['port: 80, protocol: "TCP"'] },
  { name: 'x-kubernetes-list-type map: distinct keys', doc: widget({ ports: [{ port: 80 }, { port: 80, protocol: 'UDP' }] }), expect: [] },
  // int-or-string.
  { name: 'int-or-string accepts an integer', doc: widget({ maxSurge: 2 }), expect: [] },
  { name: 'int-or-string accepts a string (pattern applies to strings)', doc: widget({ maxSurge: '25%' }), expect: [] },
  { name: 'int-or-string rejects a float', doc: widget({ maxSurge: 1.5 }), expect: ['MSH1002 spec.maxSurge value'], message: ['an integer or a string'] },
  { name: 'int-or-string rejects a bool', doc: widget({ maxSurge: true }), expect: ['MSH1002 spec.maxSurge value'] },
  { name: 'int-or-string string checked by pattern', doc: widget({ maxSurge: 'many' }), expect: ['MSH1005 spec.maxSurge value'] },
  // Nulls.
  { name: 'null for a nullable field is fine', doc: widget({ note: null }), expect: [] },
  { name: 'null for a non-nullable optional field is pruned, not an error', doc: widget({ color: null }), expect: [] },
  { name: 'null for a required field is reported as missing, on its key', doc: widget({ replicas: null }), expect: ['MSH1004 spec.replicas key'], message: ['required but set to null'] },
  { name: 'null for a required field with a default is defaulted', doc: widget({ level: null }), expect: [] },
  { name: 'null list item is a wrong type', doc: widget({ tags: ['a', null] }), expect: ['MSH1002 spec.tags.1 value'], message: ['not null'] },
  { name: 'null map value (non-nullable) is pruned', doc: widget({ env: { A: null } }), expect: [] },
  // Unknown fields and pruning.
  { name: 'unknown field near miss: did you mean + rename fix', doc: widget({ wieght: 1 }), expect: ['MSH1001 spec.wieght key'], message: ['did you mean `weight`?'] },
  {
    name: 'misspelt required field: only the unknown field is reported',
    doc: { ...widget({}), spec: { replica: 1, level: 'x' } },
    expect: ['MSH1001 spec.replica key'],
    message: ['did you mean `replicas`?'],
  },
  { name: 'misspelt required field with a far name: both are reported', doc: { ...widget({}), spec: { zzzzzz: 1, level: 'x' } }, expect: ['MSH1001 spec.zzzzzz key', 'MSH1004 spec key'] },
  { name: 'unknown field with a case-insensitive match', doc: widget({ MODE: 'SIMPLE' }), expect: ['MSH1001 spec.MODE key'], message: ['did you mean `mode`?'] },
  { name: 'unknown field far from every name: no suggestion', doc: widget({ zzzzzz: 1 }), expect: ['MSH1001 spec.zzzzzz key'] },
  { name: 'no suggestion of a field that is already present', doc: widget({ weight: 1, weigth: 2 }), expect: ['MSH1001 spec.weigth key'] },
  { name: 'unknown top-level field', doc: { apiVersion: 'test.example.com/v1', kind: 'Widget', metadata: { name: 'w' }, specs: {} }, expect: ['MSH1001 specs key'], message: ['at the top level', 'did you mean `spec`?'] },
  { name: 'one finding per value when several constraints fail', doc: widget({ name: '' }), expect: ['MSH1005 spec.name value'], message: ['must not be empty'] },
  { name: 'additionalProperties map accepts any key', doc: widget({ env: { ANY_KEY: 'v', other: 'w' } }), expect: [] },
  { name: 'additionalProperties map checks values', doc: widget({ env: { A: 1 } }), expect: ['MSH1002 spec.env.A value'] },
  { name: 'preserve-unknown-fields: anything below is allowed', doc: widget({ config: { a: { b: [1, { c: 2 }] } } }), expect: [] },
  { name: 'preserve-unknown-fields with properties: known fields still checked', doc: widget({ partial: { known: 'x', extra: 1 } }), expect: ['MSH1002 spec.partial.known value'] },
  { name: 'bare object: every field would be pruned', doc: widget({ empty: { a: 1 } }), expect: ['MSH1001 spec.empty.a key'], message: ['takes no fields'] },
  { name: 'embedded resource: apiVersion, kind and metadata allowed', doc: widget({ template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { x: 'y' } } }), expect: [] },
  { name: 'embedded resource: unknown fields still reported', doc: widget({ template: { apiVersion: 'v1', kind: 'Pod', spec: { y: 1 } } }), expect: ['MSH1001 spec.template.spec.y key'] },
  { name: 'embedded resource: apiVersion is required', doc: widget({ template: { kind: 'Pod' } }), expect: ['MSH1004 spec.template key'], message: ['missing required field `apiVersion`'] },
  { name: 'embedded resource: kind must not be empty', doc: widget({ template: { apiVersion: 'v1', kind: '' } }), expect: ['MSH1005 spec.template.kind value'] },
  // Junctors.
  { name: 'oneOf of required: none set is fine', doc: widget({ match: {} }), expect: [] },
  { name: 'oneOf of required: one set is fine', doc: widget({ match: { prefix: '/a' } }), expect: [] },
  {
    name: 'oneOf of required: two set yields exactly one finding, on the second key',
    doc: widget({ match: { exact: '/a', prefix: '/b' } }),
    expect: ['MSH1005 spec.match.prefix key'],
    message: ['Only one of `exact`, `prefix`, `regex` may be set', '`exact` and `prefix` are both set'],
  },
  { name: 'oneOf of required: three set is still one finding', doc: widget({ match: { exact: '/a', prefix: '/b', regex: 'c' } }), expect: ['MSH1005 spec.match.prefix key'] },
  { name: 'oneOf of required: a null does not count as set', doc: widget({ match: { exact: '/a', prefix: null } }), expect: [] },
  { name: 'oneOf without a none branch: nothing set is a missing field', doc: widget({ target: {} }), expect: ['MSH1004 spec.target key'], message: ['Exactly one of `service`, `url` must be set'] },
  { name: 'oneOf: discriminated branch reports its own error', doc: widget({ address: { type: 'IPAddress', value: 'not-an-ip' } }), expect: ['MSH1005 spec.address.value value'], message: ['an IPv4 address or an IPv6 address'] },
  { name: 'oneOf: other discriminator value is fine', doc: widget({ address: { type: 'Hostname', value: 'example.com' } }), expect: [] },
  { name: 'oneOf: valid IP is fine', doc: widget({ address: { type: 'IPAddress', value: '2001:db8::1' } }), expect: [] },
  { name: 'not: required', doc: widget({ forbidden: { y: 'a' } }), expect: ['MSH1005 spec.forbidden key'], message: ['must not set `y`'] },
  { name: 'oneOf of groups with common fields: valid', doc: widget({ analysis: { interval: '1m', threshold: 5, stepWeight: 10 } }), expect: [] },
  {
    name: 'oneOf of groups with common fields: two choices set',
    doc: widget({ analysis: { interval: '1m', threshold: 5, stepWeight: 10, stepWeights: [10, 20] } }),
    expect: ['MSH1005 spec.analysis.stepWeights key'],
    message: ['Only one of `iterations`, `stepWeight`, `stepWeights` may be set in spec.analysis, but `stepWeight` and `stepWeights` are both set'],
  },
  { name: 'oneOf of groups with common fields: a common field missing', doc: widget({ analysis: { interval: '1m', stepWeight: 10 } }), expect: ['MSH1004 spec.analysis key'], message: ['spec.analysis is missing required field `threshold`'] },
  { name: 'oneOf of groups with common fields: no choice made', doc: widget({ analysis: { interval: '1m', threshold: 5 } }), expect: ['MSH1004 spec.analysis key'], message: ['Exactly one of `iterations`, `stepWeight`, `stepWeights` must be set'] },
  { name: 'oneOf of irregular groups: generic message', doc: widget({ pair: { a: 'x', b: 'y', c: 'z' } }), expect: ['MSH1005 spec.pair key'], message: ['exactly one of these groups of fields: {a, b} or {c}'] },
  // Several independent mistakes: one finding each.
  { name: 'independent mistakes are all reported once', doc: widget({ replicas: 'one', mode: 'X', replica: 2, tags: ['a', 'a'] }), expect: ['MSH1001 spec.replica key', 'MSH1002 spec.replicas value', 'MSH1003 spec.mode value', 'MSH1005 spec.tags.1 value'] },
];

describe('schema semantics (synthetic CRD)', () => {
  for (const c of cases) {
    test(c.name, () => {
      const findings = validate(c.doc);
      assert.deepEqual(findings.map(brief).sort(), [...c.expect].sort(), JSON.stringify(findings, null, 1));
      if (c.message) {
        assert.equal(findings.length, 1);
        for (const m of c.message) assert.ok(findings[0]!.message.includes(m), `"${findings[0]!.message}" should contain "${m}"`);
      }
      for (const f of findings) {
        assert.equal(f.severity, 'error');
        assert.match(f.name, /^[a-z]+(-[a-z]+)*$/);
      }
    });
  }
});

describe('fixes', () => {
  test('unknown field near miss carries a rename-key fix', () => {
    const [f] = validate(widget({ wieght: 1 }));
    assert.deepEqual(f!.fixes?.[0]?.edits, [{ op: 'rename-key', path: ['spec', 'wieght'], newKey: 'weight' }]);
  });
  test('enum near miss carries a set fix', () => {
    const [f] = validate(widget({ mode: 'SIMPL' }));
    assert.deepEqual(f!.fixes?.[0]?.edits, [{ op: 'set', path: ['spec', 'mode'], value: 'SIMPLE' }]);
  });
  test('a quoted number carries a fix to the number', () => {
    const [f] = validate(widget({ weight: '50' }));
    assert.deepEqual(f!.fixes?.[0]?.edits, [{ op: 'set', path: ['spec', 'weight'], value: 50 }]);
  });
  test('a number for a string carries a fix to quote it', () => {
    const [f] = validate(widget({ timeout: 10 }));
    assert.deepEqual(f!.fixes?.[0]?.edits, [{ op: 'set', path: ['spec', 'timeout'], value: '10' }]);
  });
  test('findings without a near miss carry no fix', () => {
    const [f] = validate(widget({ zzzzzz: 1 }));
    assert.equal(f!.fixes, undefined);
  });
});

const metadataCases: Case[] = [
  { name: 'valid metadata', doc: widget({}, { name: 'my-widget.v1', namespace: 'team-a', labels: { 'app.kubernetes.io/name': 'w', version: 'v1' }, annotations: { 'Example.com/Note': 'free text: anything' } }), expect: [] },
  { name: 'creationTimestamp: null (kubectl --dry-run output) is fine', doc: widget({}, { name: 'w', creationTimestamp: null }), expect: [] },
  { name: 'generateName instead of name is fine', doc: widget({}, { generateName: 'w-' }), expect: [] },
  { name: 'name must be a DNS-1123 subdomain', doc: widget({}, { name: 'My_Widget' }), expect: ['MSH1005 metadata.name value'], message: ['DNS-1123 subdomain'] },
  { name: 'namespace must be a DNS-1123 label', doc: widget({}, { name: 'w', namespace: 'team.a' }), expect: ['MSH1005 metadata.namespace value'], message: ['DNS-1123 label'] },
  { name: 'a non-string label value is a wrong type', doc: widget({}, { name: 'w', labels: { version: 1 } }), expect: ['MSH1002 metadata.labels.version value'], message: ['quote it'] },
  { name: 'a boolean annotation value is a wrong type', doc: widget({}, { name: 'w', annotations: { 'sidecar.istio.io/inject': false } }), expect: ['MSH1002 metadata.annotations.sidecar.istio.io/inject value'] },
  { name: 'invalid label value', doc: widget({}, { name: 'w', labels: { tier: 'front end' } }), expect: ['MSH1005 metadata.labels.tier value'], message: ['label value'] },
  { name: 'invalid label key points at the key', doc: widget({}, { name: 'w', labels: { 'bad key!': 'x' } }), expect: ['MSH1005 metadata.labels.bad key! key'], message: ['label key'] },
  { name: 'unknown metadata field with did-you-mean', doc: widget({}, { name: 'w', label: { a: 'b' } }), expect: ['MSH1001 metadata.label key'], message: ['did you mean `labels`?'] },
  { name: 'unknown metadata field', doc: widget({}, { name: 'w', owner: 'me' }), expect: ['MSH1001 metadata.owner key'] },
  { name: 'missing name', doc: widget({}, { namespace: 'default' }), expect: ['MSH1004 metadata key'], message: ['`name`'] },
  { name: 'empty name is missing', doc: widget({}, { name: '' }), expect: ['MSH1004 metadata key'] },
  { name: 'a name of the wrong type is one wrong-type finding', doc: widget({}, { name: 123 }), expect: ['MSH1002 metadata.name value'] },
  { name: 'missing metadata', doc: { apiVersion: 'test.example.com/v1', kind: 'Widget', spec: { replicas: 1 } }, expect: ['MSH1004  value'] },
  { name: 'metadata of the wrong type', doc: widget({}, 'w'), expect: ['MSH1002 metadata value'] },
];

describe('metadata (ObjectMeta rules the API server applies)', () => {
  for (const c of metadataCases) {
    test(c.name, () => {
      const findings = validate(c.doc);
      assert.deepEqual(findings.map(brief).sort(), [...c.expect].sort(), JSON.stringify(findings, null, 1));
      for (const m of c.message ?? []) assert.ok(findings[0]!.message.includes(m), `"${findings[0]!.message}" should contain "${m}"`);
    });
  }
});

describe('status', () => {
  const statusSchema = {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { a: { type: 'string' } } },
      status: {
        type: 'object',
        required: ['phase'],
        properties: { phase: { type: 'string', enum: ['Ready'] }, count: { type: 'integer' } },
        'x-kubernetes-validations': [{ rule: 'self.count > 0', message: 'count must be positive' }],
      },
    },
  };
  const statusDir = writeSchemasDir([
    { group: 's.example.com', kind: 'WithStatus', versions: [{ name: 'v1', storage: true, schema: statusSchema, subresources: { status: {} } }] },
    { group: 's.example.com', kind: 'PlainStatus', versions: [{ name: 'v1', storage: true, schema: statusSchema }] },
  ]);
  after(() => rmSync(statusDir, { recursive: true, force: true }));
  const v = new SchemaValidator({ schemasDir: statusDir });
  const run = (kind: string, status: unknown): string[] =>
    v.validate({ apiVersion: 's.example.com/v1', kind, namespace: null, name: null }, { apiVersion: 's.example.com/v1', kind, metadata: { name: 'x' }, status }).map(brief);
  test('with the status subresource, status values are not validated (the API server drops them)', () => {
    assert.deepEqual(run('WithStatus', { phase: 'Nope', count: 'many' }), []);
    assert.deepEqual(run('WithStatus', { count: 0 }), []);
  });
  test('with the status subresource, unknown status fields are still unknown', () => {
    assert.deepEqual(run('WithStatus', { phase: 'Ready', extra: 1 }), ['MSH1001 status.extra key']);
  });
  test('a cluster-scoped kind does not check metadata.namespace (the API server clears it)', () => {
    const dirC = writeSchemasDir([{ group: 'c.example.com', kind: 'Global', versions: [{ name: 'v1', storage: true, scope: 'Cluster', schema: statusSchema }] }]);
    try {
      const vc = new SchemaValidator({ schemasDir: dirC });
      const doc = { apiVersion: 'c.example.com/v1', kind: 'Global', metadata: { name: 'x', namespace: 'Not_A_Label' } };
      assert.deepEqual(vc.validate({ apiVersion: doc.apiVersion, kind: doc.kind, namespace: null, name: null }, doc), []);
    } finally {
      rmSync(dirC, { recursive: true, force: true });
    }
  });
  test('without it, status is validated like any field', () => {
    assert.deepEqual(run('PlainStatus', { phase: 'Nope', count: 0 }).sort(), ['MSH1003 status.phase value']);
    assert.deepEqual(run('PlainStatus', { phase: 'Ready', count: 0 }), ['MSH1006 status key']);
  });
});

describe('caching', () => {
  test('a kind is compiled once, however many documents are validated', () => {
    const v = new SchemaValidator({ schemasDir: dir });
    assert.equal(v.stats.compiled, 0, 'nothing is compiled up front');
    for (let i = 0; i < 50; i++) v.validate({ apiVersion: 'test.example.com/v1', kind: 'Widget', namespace: null, name: null }, widget({ replicas: i % 12 }));
    assert.equal(v.stats.compiled, 1);
  });
  test('an unknown kind compiles nothing and yields nothing', () => {
    const v = new SchemaValidator({ schemasDir: dir });
    assert.deepEqual(v.validate({ apiVersion: 'test.example.com/v1', kind: 'Gizmo', namespace: null, name: null }, { spec: { anything: 1 } }), []);
    assert.deepEqual(v.validate({ apiVersion: 'v1', kind: 'ConfigMap', namespace: null, name: null }, { data: { a: 1 } }), []);
    assert.deepEqual(v.validate({ apiVersion: null, kind: null, namespace: null, name: null }, {}), []);
    assert.equal(v.stats.compiled, 0);
  });
});
