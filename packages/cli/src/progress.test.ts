import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";
import { memoryIo } from "./test-support.js";

// Issue 15: long builds show rendered/total and the rate on a terminal, and nothing in CI.

const terminal = (env: NodeJS.ProcessEnv = {}) => {
  const io = memoryIo("/", env);
  (io.stderr as { isTTY?: boolean }).isTTY = true;
  return io;
};

describe("the progress bar", () => {
  it("#15: shows done/total, what is being made and the rate, redrawn at most every 100 ms", () => {
    const io = terminal();
    let now = 0;
    const progress = createProgress(io, 400, () => now);
    for (let i = 0; i < 399; i++) {
      now += 5; // 200 outputs a second
      progress.tick("press kits");
    }
    const lines = io.err().split("\r\x1b[2K").filter(Boolean);
    // 399 ticks over 2 s: about 20 redraws, not 399.
    expect(lines.length).toBeGreaterThan(15);
    expect(lines.length).toBeLessThan(25);
    expect(lines.at(-1)).toMatch(/^█{19}░ 38\d\/400 press kits · 200\.0\/s$/);
    // The last one is always drawn.
    now += 1;
    progress.tick("newsletters");
    expect(io.err().split("\r\x1b[2K").at(-1)).toMatch(/^█{20} 400\/400 newsletters · /);
    progress.done();
    expect(io.err().endsWith("\r\x1b[2K")).toBe(true);
  });

  it("#15: says nothing in CI or when stderr is not a terminal", () => {
    for (const io of [terminal({ CI: "1" }), memoryIo("/")]) {
      const progress = createProgress(io, 10);
      for (let i = 0; i < 10; i++) progress.tick("press kits");
      progress.done();
      expect(io.err()).toBe("");
    }
  });
});
