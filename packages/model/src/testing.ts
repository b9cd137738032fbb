// Helpers for other packages' tests and benchmarks: `@herald/model/testing`.
export { writeSyntheticContent } from "./synthetic.js";
