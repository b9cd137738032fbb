// Helpers for other packages' tests and benchmarks: `@herald/model/testing`.
export {
  acceptedMutations,
  FUZZED_FILES,
  mutate,
  mutatedFiles,
  seededRandom,
} from "./mutate.js";
export { writeSyntheticContent } from "./synthetic.js";

/** Debian's Chromium, for tests and benchmarks (browser downloads do not work here). */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/** Headless Chromium without anything that would reach the network on its own. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export { cleanSvg, pngHeaderClaiming, testGif, testJpeg, testPng } from "./test-images.js";
