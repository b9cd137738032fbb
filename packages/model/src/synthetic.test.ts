import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadContent } from "./load.js";
import { writeSyntheticContent } from "./synthetic.js";

describe("writeSyntheticContent", () => {
  it("writes content the loader accepts without a word", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-synthetic-"));
    await writeSyntheticContent(dir, 40);
    const result = await loadContent(dir);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok && result.content.announcements).toHaveLength(40);
  });
});
