/**
 * The time every rule fixture runs at. Date-dependent fixtures (certificate expiry) are written
 * around it, and the certificates they embed come from test/support/gen-test-certificates.sh with
 * validity windows relative to it, so fixture results never depend on the day the tests run.
 */
export const FIXTURE_NOW = new Date('2030-06-01T00:00:00Z');
