import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { announcementDocument } from "./document.js";
import { isUnderEmbargo, splitByEmbargo } from "./embargo.js";
import { wordsFor } from "./labels.js";
import { type Content, loadContent } from "./load.js";
import { textOf } from "./markdown.js";
import { formatMoment, parseMoment } from "./moment.js";
import { sampleContentDir } from "./sample.js";
import { testPng } from "./test-images.js";

// Issue 14: embargoes and updates in the content, checked by the loader and resolved by the
// document every output lays out.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The sample, with `lines` added to each translation's front matter (by locale). */
async function sampleWith(lines: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "herald-embargo-"));
  dirs.push(dir);
  await cp(sampleContentDir, dir, { recursive: true });
  for (const [locale, added] of Object.entries(lines)) {
    const file = join(dir, `announcements/docker-series-b.${locale}.md`);
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace(/^date: .*$/m, (date) => `${date}\n${added}`),
    );
  }
  return dir;
}

async function load(dir: string): Promise<Content> {
  const result = await loadContent(dir);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  return result.content;
}

const errorsOf = async (dir: string) => {
  const result = await loadContent(dir);
  return result.diagnostics.filter((d) => d.severity === "error");
};

describe("moments", () => {
  it("reads a date, a time and an offset, and refuses what is not one", () => {
    const paris = parseMoment("2026-12-01T09:00:00+01:00");
    expect("problem" in paris ? paris : paris.instant.toISOString()).toBe(
      "2026-12-01T08:00:00.000Z",
    );
    expect(parseMoment("2026-12-01T09:00:00")).toEqual({ problem: "no-offset" });
    expect(parseMoment("2026-12-01 09:00")).toEqual({ problem: "no-offset" });
    for (const wrong of ["2026-02-30T09:00Z", "2026-12-01T24:00Z", "2026-12-01T09:00+15:00"])
      expect(parseMoment(wrong)).toEqual({ problem: "not-real" });
    expect(parseMoment("next Tuesday")).toEqual({ problem: "not-a-moment" });
    // RFC 3339's other spellings; its -00:00 means "offset unknown", as does a date alone.
    const instant = (text: string) => {
      const m = parseMoment(text);
      return "problem" in m ? m.problem : m.instant.toISOString();
    };
    expect(instant("2026-12-01 09:00:00+01:00")).toBe("2026-12-01T08:00:00.000Z");
    expect(instant("2026-12-01t08:00:00z")).toBe("2026-12-01T08:00:00.000Z");
    expect(instant("2026-12-01T09:00:00-00:00")).toBe("no-offset");
    expect(instant("2026-12-01")).toBe("no-offset");
    // Milliseconds count (an embargo does not lift early); years before 100 are not 19xx.
    expect(instant("2026-12-01T09:00:00.999+01:00")).toBe("2026-12-01T08:00:00.999Z");
    expect(instant("0050-01-01T00:00:00Z")).toBe("0050-01-01T00:00:00.000Z");
  });

  it("says it in the offset the content gives, with UTC beside it, in each language", () => {
    const at = "2026-12-01T09:00:00+01:00";
    expect(formatMoment(at, "en", wordsFor("en"))).toBe(
      "December 1, 2026 at 9:00\u202fAM GMT+1 (8:00\u202fAM UTC)",
    );
    expect(formatMoment(at, "de", wordsFor("de"))).toBe(
      "1. Dezember 2026 um 09:00 GMT+1 (08:00 UTC)",
    );
    expect(formatMoment(at, "zh-CN", wordsFor("zh-CN"))).toBe(
      "2026年12月1日 GMT+1 09:00（UTC 08:00）",
    );
    // Half-hour offsets keep their minutes; another day in UTC is named.
    expect(formatMoment("2026-12-01T01:00:00+05:30", "en", wordsFor("en"))).toBe(
      "December 1, 2026 at 1:00\u202fAM GMT+5:30 (November 30 at 7:30\u202fPM UTC)",
    );
    expect(formatMoment("2026-12-01T09:00:00Z", "en", wordsFor("en"))).toBe(
      "December 1, 2026 at 9:00\u202fAM UTC",
    );
  });
});

describe("an embargo in the content", () => {
  it("is a content error without an offset, at its file, line and column", async () => {
    const dir = await sampleWith({
      en: "embargo: 2026-12-01T09:00:00",
      "zh-CN": "embargo: 2026-12-01T09:00:00",
    });
    const errors = await errorsOf(dir);
    const en = errors.find((d) => d.file === "announcements/docker-series-b.en.md");
    expect(en).toMatchObject({ code: "moment-without-offset", line: 6, column: 10 });
    expect(en?.field).toContain("embargo");
    expect(en?.message).toContain("no offset from UTC");
    expect(en?.fix).toContain("2026-12-01T09:00:00+01:00");
  });

  it("must be one moment in every translation, whatever offset each writes", async () => {
    const same = await sampleWith({
      en: "embargo: 2026-12-01T09:00:00+01:00",
      "zh-CN": "embargo: 2026-12-01T16:00:00+08:00",
    });
    expect(await errorsOf(same)).toEqual([]);
    const differ = await sampleWith({
      en: "embargo: 2026-12-01T09:00:00+01:00",
      "zh-CN": "embargo: 2026-12-01T09:00:00+08:00",
    });
    const [error, ...rest] = await errorsOf(differ);
    expect(rest).toEqual([]);
    expect(error).toMatchObject({ code: "embargo-disagrees", line: 6 });
    expect(error?.message).toContain("disagree on the embargo");
    const missing = await sampleWith({ en: "embargo: 2026-12-01T09:00:00+01:00" });
    expect((await errorsOf(missing)).map((d) => d.code)).toEqual(["embargo-disagrees"]);
  });

  it("keeps the announcement out of what may be published until its moment", async () => {
    const content = await load(
      await sampleWith({
        en: "embargo: 2026-12-01T09:00:00+01:00",
        "zh-CN": "embargo: 2026-12-01T16:00:00+08:00",
      }),
    );
    const before = new Date("2026-12-01T07:59:59Z");
    const after = new Date("2026-12-01T08:00:00Z");
    expect(content.announcements.every((a) => isUnderEmbargo(a, before))).toBe(true);
    expect(content.announcements.some((a) => isUnderEmbargo(a, after))).toBe(false);
    const early = splitByEmbargo(content, before);
    expect(early.published.announcements).toEqual([]);
    expect(early.embargoed.announcements.map((a) => a.locale)).toEqual(["zh-CN", "en"]);
    const late = splitByEmbargo(content, after);
    expect(late.published).toBe(content);
    expect(late.embargoed.announcements).toEqual([]);
  });

  it("keeps a file only it shows out of what is published, and the files others show in", async () => {
    const dir = await sampleWith({
      en: "embargo: 2026-12-01T09:00:00+01:00",
      "zh-CN": "embargo: 2026-12-01T16:00:00+08:00",
    });
    await writeFile(join(dir, "assets/secret-chart.png"), testPng(4, 3));
    const file = join(dir, "announcements/docker-series-b.en.md");
    const text = await readFile(file, "utf8");
    // The logo is the site's too; the chart is this announcement's alone.
    await writeFile(
      file,
      `${text}\n![Chart](../assets/secret-chart.png)\n\n![Logo](../assets/logo.svg)\n`,
    );
    const content = await load(dir);
    expect(content.assets).toContain("assets/secret-chart.png");
    const { published, embargoed } = splitByEmbargo(content, new Date("2026-11-30T00:00:00Z"));
    expect(published.assets).not.toContain("assets/secret-chart.png");
    expect(published.assets).toContain("assets/logo.svg");
    expect(embargoed.assets).toContain("assets/secret-chart.png");
    const later = splitByEmbargo(content, new Date("2026-12-02T00:00:00Z"));
    expect(later.published.assets).toContain("assets/secret-chart.png");
  });

  it("gives an embargoed document its notice in its language, and a published one none", async () => {
    const content = await load(
      await sampleWith({
        en: "embargo: 2026-12-01T09:00:00+01:00",
        "zh-CN": "embargo: 2026-12-01T16:00:00+08:00",
      }),
    );
    const [zh, en] = content.announcements as [never, never];
    expect(announcementDocument(content, en, { embargoed: true }).embargo).toEqual({
      utc: "2026-12-01T08:00:00Z",
      written: "2026-12-01T09:00:00+01:00",
      when: "December 1, 2026 at 9:00\u202fAM GMT+1 (8:00\u202fAM UTC)",
      text: "Embargoed until December 1, 2026 at 9:00\u202fAM GMT+1 (8:00\u202fAM UTC)",
      note: "Not for publication, broadcast or posting before this time.",
    });
    expect(announcementDocument(content, zh, { embargoed: true }).embargo?.text).toBe(
      "禁发至 2026年12月1日 GMT+8 16:00（UTC 08:00）",
    );
    expect(announcementDocument(content, en).embargo).toBeUndefined();
  });
});

describe("updates", () => {
  it("are resolved newest first, labelled and dated in the language, with Markdown", async () => {
    const content = await load(
      await sampleWith({
        en: [
          "updates:",
          "  - date: 2026-12-02T10:00:00+01:00",
          "    text: An earlier version gave the round as **$50 million**.",
          "    kind: correction",
          "  - date: 2026-12-05T18:30:00-05:00",
          "    text: Read [the follow-up](https://www.docker.com/blog).",
        ].join("\n"),
      }),
    );
    const en = content.announcements.find((a) => a.locale === "en");
    const d = announcementDocument(content, en as never);
    expect(d.updates.map((u) => [u.kind, u.heading, u.date.utc])).toEqual([
      ["update", "Update, December 5, 2026", "2026-12-05T23:30:00Z"],
      ["correction", "Correction, December 2, 2026", "2026-12-02T09:00:00Z"],
    ]);
    expect(d.modified).toBe("2026-12-05T18:30:00-05:00");
    const [first, second] = d.updates;
    expect(textOf({ type: "root", children: first?.text.blocks ?? [] })).toBe(
      "Read the follow-up.",
    );
    expect(JSON.stringify(second?.text.blocks)).toContain('"type":"strong"');
    const zh = content.announcements.find((a) => a.locale === "zh-CN");
    const zhDocument = announcementDocument(content, zh as never);
    expect(zhDocument.updates).toEqual([]);
    expect(zhDocument.modified).toBe("2014-01-22");
  });

  it("are a sentence or two: headings, images and HTML are content errors at the text", async () => {
    const dir = await sampleWith({
      en: [
        "updates:",
        "  - date: 2026-12-02T10:00:00+01:00",
        '    text: "# Big news\\n\\n![x](https://example.com/x.png) <b>bold</b>"',
        "  - date: 2026-12-02",
        "    text: Fine.",
        "  - date: 2026-12-02T10:00:00+01:00",
        "    text: See [this](javascript:alert(1)).",
      ].join("\n"),
    });
    const errors = await errorsOf(dir);
    expect(errors.map((d) => [d.code, d.line])).toEqual([
      ["raw-html", 8],
      ["update-markdown", 8],
      ["update-markdown", 8],
      ["moment-without-offset", 9],
      ["unsafe-link", 12],
    ]);
    expect(errors.map((d) => d.message).join("\n")).toContain("this one has a heading");
  });
});
