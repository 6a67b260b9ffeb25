/**
 * The current time as rules see it. Checks that depend on the date (certificate expiry) read it
 * here instead of calling `new Date()`, so tests can pin it: fixture results must not change with
 * the day the tests run. Production code never sets it.
 *
 * This is a module-level clock because the rule context carries no clock; when the engine grows
 * one, rules should read it from there and this module can go.
 */

let pinned: Date | undefined;

/** The current time (the pinned time in tests). */
export function now(): Date {
  return pinned ? new Date(pinned.getTime()) : new Date();
}

/** Pins the clock (tests only); `undefined` returns to the real time. */
export function setClock(at: Date | undefined): void {
  pinned = at === undefined ? undefined : new Date(at.getTime());
}

/** Runs `fn` with the clock pinned to `at`, restoring the previous clock afterwards. */
export function withClock<T>(at: Date, fn: () => T): T {
  const before = pinned;
  pinned = new Date(at.getTime());
  try {
    return fn();
  } finally {
    pinned = before;
  }
}
