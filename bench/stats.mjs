// Order statistics for latency samples. Percentiles use the nearest-rank method (the smallest
// sample with at least p% of samples at or below it), which never invents a value that was not
// measured; with 50 samples, p95 is the 48th smallest.

export function percentile(samples, p) {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export const median = (samples) => percentile(samples, 50);

/** Rounds a millisecond value for reports: 0.1 ms below 100 ms, whole ms above. */
export function ms(value) {
  if (value === null || value === undefined) return null;
  return value < 100 ? Math.round(value * 10) / 10 : Math.round(value);
}

export function summary(samples) {
  return {
    n: samples.length,
    p50: ms(percentile(samples, 50)),
    p95: ms(percentile(samples, 95)),
    min: ms(samples.length ? Math.min(...samples) : null),
    max: ms(samples.length ? Math.max(...samples) : null),
  };
}
