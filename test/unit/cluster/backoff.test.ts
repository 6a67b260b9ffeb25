import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, DEFAULT_BACKOFF, parseRetryAfter, type BackoffPolicy } from '../../../server/src/cluster/backoff';

const policy: BackoffPolicy = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0.5, maxRetryAfterMs: 10_000 };

const cases: { name: string; attempt: number; random: number; retryAfterMs?: number; policy?: BackoffPolicy; expect: number }[] = [
  { name: 'first retry, no jitter drawn', attempt: 0, random: 0, expect: 100 },
  { name: 'first retry, most jitter', attempt: 0, random: 0.999, expect: 50 },
  { name: 'doubles', attempt: 1, random: 0, expect: 200 },
  { name: 'doubles again', attempt: 3, random: 0, expect: 800 },
  { name: 'capped at maxMs', attempt: 4, random: 0, expect: 1000 },
  { name: 'capped, with jitter', attempt: 10, random: 0.5, expect: 750 },
  { name: 'huge attempt stays capped', attempt: 5000, random: 0, expect: 1000 },
  { name: 'negative attempt is the first', attempt: -3, random: 0, expect: 100 },
  { name: 'Retry-After is a floor', attempt: 0, random: 0, retryAfterMs: 3000, expect: 3000 },
  { name: 'Retry-After below the backoff changes nothing', attempt: 3, random: 0, retryAfterMs: 10, expect: 800 },
  { name: 'Retry-After is capped', attempt: 0, random: 0, retryAfterMs: 3_600_000, expect: 10_000 },
  { name: 'Retry-After of 0 is ignored', attempt: 1, random: 0, retryAfterMs: 0, expect: 200 },
  { name: 'no jitter policy', attempt: 2, random: 0.9, policy: { ...policy, jitter: 0 }, expect: 400 },
  { name: 'full jitter policy can reach 0', attempt: 0, random: 1, policy: { ...policy, jitter: 1 }, expect: 0 },
];
for (const c of cases) {
  test(`backoff: ${c.name}`, () => {
    assert.equal(backoffDelay(c.attempt, c.policy ?? policy, c.random, c.retryAfterMs), c.expect);
  });
}

test('backoff: the default policy grows from 500 ms to 30 s and never goes below half the base', () => {
  const bases = [500, 1000, 2000, 4000, 8000, 16000, 30000, 30000];
  bases.forEach((base, attempt) => {
    for (const r of [0, 0.25, 0.5, 0.999]) {
      const d = backoffDelay(attempt, DEFAULT_BACKOFF, r);
      assert.ok(d <= base && d >= base / 2, `attempt ${attempt} r ${r}: ${d}`);
    }
  });
});

test('backoff: jitter spreads retries of many clients', () => {
  const delays = new Set(Array.from({ length: 50 }, (_, i) => backoffDelay(3, policy, i / 50)));
  assert.ok(delays.size > 40);
});

const retryAfter: { header: string | string[] | undefined; expect: number | undefined }[] = [
  { header: undefined, expect: undefined },
  { header: '', expect: undefined },
  { header: '5', expect: 5000 },
  { header: ' 2 ', expect: 2000 },
  { header: ['7', '9'], expect: 7000 },
  { header: 'Thu, 01 Jan 2030 00:00:10 GMT', expect: 10_000 },
  { header: 'Thu, 01 Jan 2029 00:00:10 GMT', expect: 0 },
  { header: 'soon', expect: undefined },
];
for (const c of retryAfter) {
  test(`Retry-After ${JSON.stringify(c.header)}`, () => {
    assert.equal(parseRetryAfter(c.header, Date.parse('2030-01-01T00:00:00Z')), c.expect);
  });
}
