import { describe, expect, it } from "vitest";
import { frontMatterSchema } from "./schema.js";

describe("dates in front matter", () => {
  it("rejects impossible dates with a diagnostic instead of crashing (found by herald dev)", () => {
    for (const date of ["2014-13-45", "2014-02-30", "2014-00-10"]) {
      const result = frontMatterSchema.shape.date.safeParse(date);
      expect(result.success).toBe(false);
    }
    expect(frontMatterSchema.shape.date.safeParse("2016-02-29").success).toBe(true);
  });
});

describe("localeSchema", () => {
  it("#11: refuses the tags for no particular language, which would print English words", async () => {
    const { localeSchema } = await import("./schema.js");
    for (const tag of ["und", "und-Latn", "mul", "zxx", "mis"])
      expect(localeSchema.safeParse(tag).success, tag).toBe(false);
    for (const tag of ["en", "zh-Hant-TW", "sr-Latn", "ja-JP-u-ca-japanese"])
      expect(localeSchema.safeParse(tag).success, tag).toBe(true);
  });
});
