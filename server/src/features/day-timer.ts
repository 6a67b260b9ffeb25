/**
 * Time passing in a long editor session. Some rules judge the date (a certificate expires in 12
 * days, or expired yesterday), and nothing the editor sees changes when the date does, so the
 * server has to say "the clock changed" itself: at every UTC midnight, the day the messages and
 * the expiry windows count in.
 *
 *   startDayTimer ─> waits until the next UTC midnight ─> onNewDay() ─> waits again, from the clock
 *
 * The wait is computed from the clock every time instead of repeating every 24 hours, so a timer
 * that fires late (a busy event loop, a laptop that slept) cannot shift later checks. Whether the
 * day really changed is decided by comparing days (utcDay), not by trusting the timer: a timer
 * that fires early simply finds the same day and waits again.
 *
 * Pure functions plus a timer behind injected setTimeout/clearTimeout, so all of it is tested
 * without waiting for a day.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A little after midnight rather than on it: wall-clock adjustments can make a timer land a few
 * milliseconds early, and then the day has not changed yet.
 */
export const MIDNIGHT_MARGIN_MS = 1000;

/** The UTC calendar day of an instant, e.g. "2030-06-01". */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The first instant of the UTC day after the one `at` falls in. */
export function nextUtcMidnight(at: Date): Date {
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS + DAY_MS);
}

/** How long to wait from `at` until the next day's re-check (the next UTC midnight, plus the margin). */
export function delayUntilNextDay(at: Date): number {
  return nextUtcMidnight(at).getTime() - at.getTime() + MIDNIGHT_MARGIN_MS;
}

/** Whether a new UTC day began since the day last seen (null: nothing seen yet, so no). */
export function dayChanged(lastDay: string | null, at: Date): boolean {
  return lastDay !== null && utcDay(at) !== lastDay;
}

/** What the timer needs from its surroundings; tests pass a fake clock and fake timers. */
export interface TimerEnvironment {
  readonly now: () => Date;
  readonly setTimeout: (fn: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

/** Calls `onNewDay` after every UTC midnight until stopped. */
export function startDayTimer(env: TimerEnvironment, onNewDay: () => void): { stop(): void } {
  let handle: unknown = null;
  let stopped = false;
  const arm = (): void => {
    handle = env.setTimeout(() => {
      if (stopped) return;
      onNewDay();
      arm();
    }, delayUntilNextDay(env.now()));
    // A pending day timer must not keep a process alive that has nothing else to do.
    (handle as { unref?: () => void } | null)?.unref?.();
  };
  arm();
  return {
    stop: () => {
      stopped = true;
      env.clearTimeout(handle);
    },
  };
}
