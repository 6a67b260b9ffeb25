/**
 * Just enough Kubernetes protobuf to read a SelfSubjectAccessReview.
 *
 * The server speaks JSON only, with one exception: kubectl's typed clients send
 * SelfSubjectAccessReview (`kubectl auth can-i`) as `application/vnd.kubernetes.protobuf`. That
 * body is the `k8s\0` magic followed by a runtime.Unknown envelope (typeMeta, raw), whose raw
 * bytes are the review message. This file reads the protobuf wire format (varints and
 * length-delimited fields) and picks out the resource and non-resource attributes; the answer goes
 * back as JSON, which the client accepts. Anything else sent as protobuf is a 415.
 */
import type { JsonMap } from './types';

type Fields = Map<number, (Buffer | number)[]>;

function readVarint(buf: Buffer, pos: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const b = buf[pos++];
    result += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7;
    if (shift > 63) throw new Error('varint too long');
  }
}

/** Splits a message into its fields (varints as numbers, length-delimited as buffers). */
export function readFields(buf: Buffer): Fields {
  const fields: Fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [tag, afterTag] = readVarint(buf, pos);
    pos = afterTag;
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Buffer | number;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 2) {
      const [len, start] = readVarint(buf, pos);
      if (start + len > buf.length) throw new Error('truncated field');
      value = buf.subarray(start, start + len);
      pos = start + len;
    } else if (wire === 1) {
      value = 0;
      pos += 8;
    } else if (wire === 5) {
      value = 0;
      pos += 4;
    } else throw new Error(`unsupported wire type ${wire}`);
    if (!fields.has(field)) fields.set(field, []);
    fields.get(field)!.push(value);
  }
  return fields;
}

function bytes(fields: Fields, n: number): Buffer | undefined {
  const v = fields.get(n)?.[0];
  return Buffer.isBuffer(v) ? v : undefined;
}

function text(fields: Fields, n: number): string | undefined {
  return bytes(fields, n)?.toString('utf8');
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** Decodes a protobuf SelfSubjectAccessReview into its JSON form. Throws on anything else. */
export function decodeAccessReview(body: Buffer): JsonMap {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new Error('missing the k8s protobuf magic');
  const envelope = readFields(body.subarray(4));
  const typeMeta = readFields(bytes(envelope, 1) ?? Buffer.alloc(0));
  const kind = text(typeMeta, 2);
  if (kind !== 'SelfSubjectAccessReview') throw new Error(`protobuf is only read for SelfSubjectAccessReview, not ${kind ?? 'an unknown kind'}`);
  const review = readFields(bytes(envelope, 2) ?? Buffer.alloc(0));
  const spec = readFields(bytes(review, 2) ?? Buffer.alloc(0));
  const out: JsonMap = {};
  const ra = bytes(spec, 1);
  if (ra) {
    const f = readFields(ra);
    const attrs: JsonMap = {};
    const names = ['', 'namespace', 'verb', 'group', 'version', 'resource', 'subresource', 'name'];
    for (let i = 1; i < names.length; i++) {
      const v = text(f, i);
      if (v !== undefined) attrs[names[i]] = v;
    }
    out.resourceAttributes = attrs;
  }
  const nra = bytes(spec, 2);
  if (nra) {
    const f = readFields(nra);
    out.nonResourceAttributes = { path: text(f, 1) ?? '', verb: text(f, 2) ?? '' };
  }
  return { apiVersion: text(typeMeta, 1) ?? 'authorization.k8s.io/v1', kind, spec: out };
}
