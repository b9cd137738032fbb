// How long one load may take in the tests before it counts as a hang. Not a speed test (speed
// is measured in \`pnpm bench\`): a normal load takes tens of milliseconds, the quadratic cases
// issue 9 found took 34 to 48 s, and a test run shares two cores with every other package.
export const HANG_BOUND_MS = 10_000;
