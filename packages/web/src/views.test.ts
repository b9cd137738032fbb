import { type Announcement, loadContent, sampleContentDir } from "@herald/model";
import { describe, expect, it } from "vitest";
import { articleView } from "./views.js";

describe("key figures on the page", () => {
  it("#9: draws bars for figures that are all zero (no NaN widths)", async () => {
    const loaded = await loadContent(sampleContentDir);
    if (!loaded.ok) throw new Error("sample content does not load");
    const sample = loaded.content.announcements.find((a) => a.locale === "en") as Announcement;
    const a = { ...sample, metrics: sample.metrics.map((m) => ({ ...m, value: 0 })) };
    const html = articleView(loaded.content, a, []).main.value;
    const widths = [...html.matchAll(/class="bar" style="width: ([^"]*)"/g)].map((m) => m[1]);
    expect(widths).toEqual(["2%", "2%", "2%", "2%"]);
  });
});
