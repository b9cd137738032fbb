import { describe, expect, it, onTestFinished } from "vitest";
import { around, lookupChain, missingWords, wordKeyList, wordsFor } from "./labels.js";

describe("wordsFor", () => {
  it("chooses by language and script, with the usual fallbacks", () => {
    expect(wordsFor("zh-CN").leadInvestors(1)).toBe("领投方");
    expect(wordsFor("zh-TW").leadInvestors(1)).toBe("領投方");
    expect(wordsFor("zh-HK").factSheet).toBe("融資概況");
    expect(wordsFor("en-GB").leadInvestors(1)).toBe("Lead investor");
    expect(lookupChain("zh-TW")).toEqual(["zh-TW", "zh-Hant", "zh"]);
    expect(lookupChain("pt-BR")).toEqual(["pt-BR", "pt-Latn", "pt"]);
  });

  it("chooses plural forms by the locale's rules", () => {
    expect(wordsFor("en").leadInvestors(1)).toBe("Lead investor");
    expect(wordsFor("en").leadInvestors(2)).toBe("Lead investors");
    expect(wordsFor("en").hires(3)).toBe("New hires");
  });

  it("puts a space where Latin letters or digits meet Han characters, in Chinese only", () => {
    const zh = wordsFor("zh-CN");
    expect(zh.withUnit("300", "位")).toBe("300 位");
    expect(zh.withUnit("40 万", "次")).toBe("40 万次");
    expect(zh.over("300")).toBe("超过 300");
    expect(zh.roleAt("合伙人", "Greylock")).toBe("Greylock 合伙人");
    expect(zh.roleAt("合伙人", "红杉中国")).toBe("红杉中国合伙人");
    expect(zh.about("Docker")).toBe("关于 Docker");
    expect(zh.quoteBy("韩智媛")).toBe("——韩智媛");
    expect(zh.quoteBy("Katharina Vogt")).toBe("——Katharina Vogt");
    expect(wordsFor("en").withUnit("300", "contributors")).toBe("300 contributors");
  });

  it("lets the content override and add words, before Herald's", () => {
    const content = { "zh-CN": { factSheet: "本轮概况" }, sv: { factSheet: "Faktablad" } };
    expect(wordsFor("zh-CN", content).factSheet).toBe("本轮概况");
    expect(wordsFor("zh-CN", content).round).toBe("轮次");
    expect(wordsFor("zh-TW", content).factSheet).toBe("融資概況");
    expect(missingWords("sv")).toEqual(wordKeyList);
    expect(missingWords("sv", content)).toEqual(wordKeyList.filter((k) => k !== "factSheet"));
    expect(missingWords("zh-TW")).toEqual([]);
  });

  it("splits a pattern around its slot, for markup", () => {
    expect(around((name) => wordsFor("en").byline(name))).toEqual(["By ", ""]);
    expect(around((name) => wordsFor("zh-CN").credit(name, "合伙人"))).toEqual(["", "，合伙人"]);
  });
});

describe("labels.yaml", () => {
  it("#11: words under a tag a site locale is looked up under apply to it; other tags are errors", async () => {
    const { cp, mkdtemp, rm, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { loadContent } = await import("./load.js");
    const { sampleContentDir } = await import("./sample.js");
    const { announcementDocument } = await import("./document.js");
    const temp = await mkdtemp(join(tmpdir(), "herald-words-"));
    onTestFinished(() => rm(temp, { recursive: true, force: true }));
    const dir = join(temp, "content");
    await cp(sampleContentDir, dir, { recursive: true });
    await writeFile(
      join(dir, "labels.yaml"),
      "zh-Hans:\n  factSheet: 本轮一览\nzh:\n  round: 本轮\n",
    );
    const loaded = await loadContent(dir);
    expect(loaded.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    if (!loaded.ok) throw new Error("not loaded");
    const zh = loaded.content.announcements.find((a) => a.locale === "zh-CN");
    if (!zh) throw new Error("no zh-CN");
    const document = announcementDocument(loaded.content, zh);
    expect(document.words.factSheet).toBe("本轮一览");
    expect(document.words.round).toBe("本轮");

    await writeFile(join(dir, "labels.yaml"), "zh-Hant:\n  factSheet: 本輪一覽\n");
    const refused = await loadContent(dir);
    expect(refused.diagnostics.map((d) => `${d.code} ${d.field}`)).toContain(
      "unknown-locale zh-Hant",
    );
  });
});

describe("names in another direction than the sentence", () => {
  it("#13: are isolated (FSI … PDI) so a Latin name keeps its stop last in Arabic, and the other way round", () => {
    expect(wordsFor("ar").about("Docker, Inc.")).toContain("\u2068Docker, Inc.\u2069");
    expect(wordsFor("en").about("شركة دوكر")).toContain("\u2068شركة دوكر\u2069");
    // A name written like its sentence, or a number, is left as it is.
    expect(wordsFor("en").about("Docker, Inc.")).toBe("About Docker, Inc.");
    expect(wordsFor("ar").about("شركة دوكر")).not.toContain("\u2068");
    // Addresses are taken as they are: a mark glued to one would be read as part of it.
    expect(wordsFor("ar").about("https://news.example/ar/")).not.toContain("\u2068");
    expect(wordsFor("ar").about("press@example.com")).not.toContain("\u2068");
  });
});
