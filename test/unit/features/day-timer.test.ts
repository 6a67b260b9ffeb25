/**
 * The day timer: when the next re-check of date-dependent rules is due, whether a day changed,
 * and a timer that re-arms from the clock (driven by fake timers, so no test waits for midnight).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dayChanged, delayUntilNextDay, MIDNIGHT_MARGIN_MS, nextUtcMidnight, startDayTimer, utcDay } from '../../../server/src/features/day-timer';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

test('day timer: the next UTC midnight and the wait for it', () => {
  const rows: [string, string, number][] = [
    ['2030-06-01T00:00:00.000Z', '2030-06-02T00:00:00.000Z', DAY],
    ['2030-06-01T12:00:00.000Z', '2030-06-02T00:00:00.000Z', 12 * HOUR],
    ['2030-06-01T23:59:59.999Z', '2030-06-02T00:00:00.000Z', 1],
    ['2030-06-30T18:00:00.000Z', '2030-07-01T00:00:00.000Z', 6 * HOUR],
    ['2030-12-31T23:00:00.000Z', '2031-01-01T00:00:00.000Z', HOUR],
    ['2032-02-28T06:00:00.000Z', '2032-02-29T00:00:00.000Z', 18 * HOUR],
  ];
  for (const [at, next, wait] of rows) {
    assert.equal(nextUtcMidnight(new Date(at)).toISOString(), next, at);
    assert.equal(delayUntilNextDay(new Date(at)), wait + MIDNIGHT_MARGIN_MS, at);
  }
});

test('day timer: a day changed when the UTC date differs, whatever the hour', () => {
  const rows: [string | null, string, boolean][] = [
    [null, '2030-06-01T10:00:00Z', false],
    ['2030-06-01', '2030-06-01T23:59:59Z', false],
    ['2030-06-01', '2030-06-02T00:00:00Z', true],
    ['2030-06-01', '2030-06-09T08:00:00Z', true],
    // A clock set back (a corrected system time) is a change too: findings follow the clock.
    ['2030-06-02', '2030-06-01T23:00:00Z', true],
  ];
  for (const [last, at, changed] of rows) assert.equal(dayChanged(last, new Date(at)), changed, `${last} -> ${at}`);
  assert.equal(utcDay(new Date('2030-06-01T23:59:59Z')), '2030-06-01');
});

/** Fake timers over a fake clock: `advance` moves the clock and fires what came due, in order. */
function fakeTimers(start: string) {
  let now = Date.parse(start);
  let nextId = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  return {
    env: {
      now: () => new Date(now),
      setTimeout: (fn: () => void, ms: number) => { const id = nextId++; pending.set(id, { at: now + ms, fn }); return id; },
      clearTimeout: (id: unknown) => { pending.delete(id as number); },
    },
    pending,
    /** Moves the clock by `ms`, firing timers as their time comes. */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const due = [...pending.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        pending.delete(due[0]);
        now = due[1].at;
        due[1].fn();
      }
      now = end;
    },
  };
}

test('day timer: fires just after each UTC midnight, every day, until stopped', () => {
  const t = fakeTimers('2030-06-01T15:00:00Z');
  const fired: string[] = [];
  const timer = startDayTimer(t.env, () => fired.push(t.env.now().toISOString()));
  assert.equal(t.pending.size, 1);
  t.advance(9 * HOUR - 1);
  assert.deepEqual(fired, []);
  t.advance(3 * DAY);
  assert.deepEqual(fired, ['2030-06-02T00:00:01.000Z', '2030-06-03T00:00:01.000Z', '2030-06-04T00:00:01.000Z']);
  timer.stop();
  assert.equal(t.pending.size, 0);
  t.advance(3 * DAY);
  assert.equal(fired.length, 3);
});

test('day timer: a late timer does not shift the following ones', () => {
  const t = fakeTimers('2030-06-01T15:00:00Z');
  const fired: string[] = [];
  startDayTimer(t.env, () => fired.push(t.env.now().toISOString()));
  // The process was suspended over midnight: the timer fires when it wakes, at 07:00...
  const [[id, timer]] = [...t.pending.entries()];
  t.pending.set(id, { ...timer, at: Date.parse('2030-06-02T07:00:00Z') });
  t.advance(16 * HOUR);
  // ...and the next one is still due at midnight, not 24 hours after the late one.
  t.advance(DAY);
  assert.deepEqual(fired, ['2030-06-02T07:00:00.000Z', '2030-06-03T00:00:01.000Z']);
});
