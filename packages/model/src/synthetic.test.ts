import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "./load.js";
import { writeSyntheticContent } from "./synthetic.js";

describe("writeSyntheticContent", () => {
  it("writes content the loader accepts without a word but its emoji warnings", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-synthetic-"));
    await writeSyntheticContent(dir, 40);
    const result = await loadContent(dir);
    // Real announcements have emoji: the press kit's warning about them, and nothing else.
    expect(result.diagnostics.filter((d) => d.code !== "emoji-in-print")).toEqual([]);
    expect(result.diagnostics.every((d) => d.severity === "warning")).toBe(true);
    expect(result.ok && result.content.announcements).toHaveLength(40);
  });
});
