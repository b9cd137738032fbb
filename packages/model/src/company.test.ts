import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "./diagnostics.js";
import { announcementDocument, companyOf, LOGO_PNG_HEIGHT } from "./document.js";
import { formatBytes } from "./format.js";
import { type Content, loadContent } from "./load.js";
import { sampleContentDir } from "./sample.js";
import { svgSize } from "./svg.js";
import { testJpeg, testPng } from "./test-images.js";

// The company as the newsroom presents it (issue 13): facts, team, brand assets, total raised,
// the files the site makes from the logo, and each announcement's headline figure.

const rich = fileURLToPath(new URL("../test/fixtures/_rich/", import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The rich content, changed by `edit` (file → new text from the old). */
async function richWith(
  edit: Record<string, (text: string) => string> = {},
  files: Record<string, Uint8Array | string> = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "herald-company-"));
  dirs.push(dir);
  await cp(rich, dir, { recursive: true });
  for (const [file, change] of Object.entries(edit)) {
    await writeFile(join(dir, file), change(await readFile(join(dir, file), "utf8")));
  }
  for (const [file, bytes] of Object.entries(files)) await writeFile(join(dir, file), bytes);
  return dir;
}

async function load(dir: string): Promise<Content> {
  const result = await loadContent(dir);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
  return result.content;
}

const COMPANY = `
company:
  legalName: Acme Robotics B.V.
  founded: 2015-06-01
  founders: [pieter]
  headquarters: { en: "Eindhoven, the Netherlands", zh-CN: 荷兰埃因霍温 }
  employees: { en: about 120, zh-CN: 约 120 人 }
  website: https://www.acme.example/
  facts:
    - label: { en: Customers, zh-CN: 客户 }
      value: { en: over 300 factories, zh-CN: 超过 300 家工厂 }
  social:
    - label: LinkedIn
      url: https://www.linkedin.com/company/acme-example
  team: [pieter, mara]
brandAssets:
  - file: assets/logo.png
    title: { en: Logo, zh-CN: 标志 }
    usage: { en: Keep clear space around it., zh-CN: 请保留留白。 }
  - file: assets/deck.pdf
    title: { en: Company deck, zh-CN: 公司介绍 }
`;

describe("#13: the company on the press-kit page", async () => {
  const dir = await richWith(
    {
      "site.yaml": (t) => t + COMPANY,
      "people.yaml": (t) =>
        t.replace(
          "  organization: acme\n",
          "  organization: acme\n  photo: assets/pieter.jpg\n  bio: { en: Pieter built the first robot., zh-CN: Pieter 造出了第一台机器人。 }\n",
        ),
    },
    { "assets/pieter.jpg": testJpeg(300, 400) },
  );
  const content = await load(dir);
  const en = companyOf(content, "en");
  const zh = companyOf(content, "zh-CN");

  it("#13: lists the facts in a fixed order, in the language, with links where there are any", () => {
    expect(en.facts.map((f) => [f.key, f.label, f.values.map((v) => v.text).join(" | ")])).toEqual([
      ["legalName", "Legal name", "Acme Robotics B.V."],
      ["founded", "Founded", "June 1, 2015"],
      ["founders", "Founder", "Pieter van der Berg"],
      ["headquarters", "Headquarters", "Eindhoven, the Netherlands"],
      ["employees", "Employees", "about 120"],
      ["website", "Website", "www.acme.example"],
      ["other", "Customers", "over 300 factories"],
      ["social", "Social media", "LinkedIn"],
    ]);
    expect(en.facts.find((f) => f.key === "website")?.values[0]?.url).toBe(
      "https://www.acme.example/",
    );
    expect(zh.facts.find((f) => f.key === "headquarters")?.values[0]?.text).toBe("荷兰埃因霍温");
    expect(zh.facts.find((f) => f.key === "founded")?.values[0]?.text).toBe("2015年6月1日");
  });

  it("#13: presents the team with photo and bio, each in the language", () => {
    expect(en.team.map((m) => [m.person.name, m.person.detail, m.bio, m.photo?.size])).toEqual([
      [
        "Pieter van der Berg",
        "Chief Technology Officer, Acme Robotics",
        "Pieter built the first robot.",
        { width: 300, height: 400 },
      ],
      ["Mara Jensen", "Partner, Northwind Capital", undefined, undefined],
    ]);
    expect(zh.team[1]?.person.name).toBe("玛拉·詹森");
    expect(en.team[0]?.photo?.src.url).toBe("https://news.acme.example/assets/pieter.jpg");
  });

  it("#13: describes each brand asset: format, pixel size for images, file size", () => {
    const png = content.files["assets/logo.png"];
    expect(png?.format).toBe("png");
    const [logo, deck] = en.brandAssets;
    expect(logo?.title).toBe("Logo");
    expect(logo?.usage).toBe("Keep clear space around it.");
    expect(logo?.file.details.text).toBe(
      `PNG, ${png?.size?.width} × ${png?.size?.height} px, ${formatBytes(png?.bytes ?? 0, "en")}`,
    );
    expect(deck?.file.details.format).toBe("PDF");
    expect(deck?.file.details.text).toMatch(/^PDF, [\d.]+ kB$/);
    expect(zh.brandAssets[0]?.title).toBe("标志");
  });

  it("#13: totals the money raised once per announcement, whatever its translations", () => {
    expect(en.raised).toEqual({
      amounts: [{ currency: "EUR", amount: 4_000_000, text: "€4M" }],
      text: "€4M",
      note: "from 1 funding announcement",
    });
    expect(zh.raised?.text).toBe("400 万欧元");
  });

  it("#13: addresses the ZIP per language and the files the site makes from the logo", () => {
    expect(en.pressKitZip.path).toBe("en/press-kit/acme-robotics-press-kit-en.zip");
    expect(zh.pressKitZip.path).toBe("zh-CN/press-kit/acme-robotics-press-kit-zh-CN.zip");
    expect(en.brand.favicon.path).toBe("favicon.ico");
    const size = content.imageSizes["assets/logo.png"];
    expect(en.brand.png.height).toBe(LOGO_PNG_HEIGHT);
    expect(en.brand.png.width).toBe(
      Math.round((LOGO_PNG_HEIGHT * (size?.width ?? 1)) / (size?.height ?? 1)),
    );
  });
});

describe("#13: the year a company was founded", () => {
  it("#13: may be long before any announcement (Siemens, 1847), and is written without grouping", async () => {
    const dir = await richWith({ "site.yaml": (t) => `${t}company:\n  founded: 1847\n` });
    const content = await load(dir);
    expect(companyOf(content, "en").facts[0]?.values[0]?.text).toBe("1847");
  });
});

describe("#13: totals per currency", () => {
  it("#13: sums each currency apart, largest first, listed as the language lists", async () => {
    const second = (text: string) =>
      text
        .replace("id: series-a", "id: seed")
        .replace("amount: 4000000", "amount: 1500000")
        .replace("currency: EUR", "currency: USD");
    const en = await readFile(join(rich, "announcements/series-a.en.md"), "utf8");
    const third = en
      .replace("id: series-a", "id: series-b")
      .replace("amount: 4000000", "amount: 2500000")
      .replace("currency: EUR", "currency: USD");
    const dir = await richWith(
      {},
      {
        "announcements/seed.en.md": second(en),
        "announcements/series-b.en.md": third,
      },
    );
    const content = await load(dir);
    const company = companyOf(content, "en");
    expect(company.raised?.amounts.map((a) => [a.currency, a.amount])).toEqual([
      ["EUR", 4_000_000],
      ["USD", 4_000_000],
    ]);
    expect(company.raised?.text).toBe("€4M and $4M");
    expect(company.raised?.note).toBe("from 3 funding announcements");
  });

  it("#13: no total without a funding announcement", async () => {
    const dir = await richWith({
      "announcements/series-a.en.md": (t) => t.replace(/funding:\n(?: {2}.*\n)+/, ""),
      "announcements/series-a.zh-CN.md": (t) => t.replace(/funding:\n(?: {2}.*\n)+/, ""),
    });
    const content = await load(dir);
    expect(companyOf(content, "en").raised).toBeUndefined();
    // The headline figure is then the first key figure.
    const a = content.announcements.find((x) => x.locale === "en");
    if (!a) throw new Error("no en announcement");
    expect(announcementDocument(content, a).headline).toEqual({
      text: "over 1,200",
      label: "Robots shipped",
      unit: [0, 10],
    });
  });
});

describe("#13: the headline figure and the social image", async () => {
  const content = await load(sampleContentDir);
  it("#13: is the amount raised, in each language", () => {
    const [zh, en] = content.announcements.map((a) => announcementDocument(content, a));
    // With the part no line may split: all of it.
    expect(zh?.headline).toEqual({ text: "1500 万美元", label: "金额", unit: [0, 8] });
    expect(en?.headline).toEqual({ text: "$15M", label: "Amount", unit: [0, 4] });
    expect(en?.socialImage.url).toBe(
      "https://newsroom.example.com/en/news/docker-series-b/social.png",
    );
  });
});

describe("#13: content mistakes in the new fields", () => {
  it("#13: an unknown person in the team, a photo that is no image, a missing brand asset", async () => {
    const dir = await richWith(
      {
        "site.yaml": (t) =>
          `${t}company:\n  team: [pieterr]\nbrandAssets:\n  - file: assets/missing.png\n    title: Logo\n`,
        "people.yaml": (t) =>
          t.replace("  organization: acme\n", "  organization: acme\n  photo: assets/deck.pdf\n"),
      },
      {},
    );
    const result = await loadContent(dir);
    const messages = result.diagnostics
      .filter((d) => d.severity === "error")
      .map((d) => formatDiagnostic(d));
    expect(result.ok).toBe(false);
    expect(messages.join("\n")).toMatch(
      /site\.yaml:\d+:\d+ error unknown-reference \(company › team › item 1\)\n.*"pieterr"/,
    );
    expect(messages.join("\n")).toMatch(/Did you mean "pieter"/);
    expect(messages.join("\n")).toMatch(/people\.yaml:\d+:\d+ error not-an-image/);
    expect(messages.join("\n")).toMatch(/site\.yaml:\d+:\d+ error missing-asset/);
  });
});

describe("#13: a brand asset listed twice", () => {
  it("#13: is an error at the second, naming the line of the first", async () => {
    const dir = await richWith({
      "site.yaml": (t) =>
        `${t}brandAssets:\n  - { file: assets/logo.png, title: Logo }\n  - { file: assets/logo.png, title: Logo again }\n`,
    });
    const result = await loadContent(dir);
    const text = result.diagnostics.map((d) => formatDiagnostic(d)).join("\n");
    expect(result.ok).toBe(false);
    expect(text).toMatch(
      /site\.yaml:(\d+):\d+ error listed-twice \(brandAssets › item 2 › file\)\n {2}"assets\/logo\.png" is already in this list \(line \d+\)/,
    );
  });
});

describe("#13: sizes of files", () => {
  it("#13: an SVG's drawn size from width and height, else its viewBox", () => {
    expect(svgSize('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50">')).toEqual({
      width: 200,
      height: 50,
    });
    expect(svgSize('<svg viewBox="0 0 400 100" xmlns="http://www.w3.org/2000/svg">')).toEqual({
      width: 400,
      height: 100,
    });
    expect(svgSize("<svg width='80px' viewBox='0 0 400 100'>")).toEqual({ width: 80, height: 20 });
    expect(svgSize('<svg width="100%" height="100%">')).toBeUndefined();
    expect(svgSize("<html>")).toBeUndefined();
  });

  it("#13: file sizes as each language writes them", () => {
    expect(formatBytes(48_213, "en")).toBe("48 kB");
    expect(formatBytes(1_234_567, "en")).toBe("1.2 MB");
    expect(formatBytes(1_234_567, "fr")).toBe("1,2\u202fMo");
    expect(formatBytes(0, "en")).toBe("0.1 kB");
  });

  it("#13: the logo PNG keeps a wide logo's shape", async () => {
    const dir = await richWith({}, { "assets/logo.png": testPng(400, 100) });
    const content = await load(dir);
    expect(companyOf(content, "en").brand.png).toMatchObject({ width: 640, height: 160 });
  });
});
