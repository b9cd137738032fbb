import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Link, Nodes } from "mdast";
import { beforeAll, describe, expect, it } from "vitest";
import { type Content, loadContent, textOf, walk } from "../src/index.js";

// The seed is the Chinese text the comms team handed over (a copy of shared/seed). The sample
// content must carry every paragraph and every link of it.
const seed = readFileSync(new URL("./seed/docker-series-b.zh-CN.txt", import.meta.url), "utf8");
const contentDir = fileURLToPath(new URL("../content/", import.meta.url));

/** Whitespace is layout, not content: Chinese text gains or loses spaces around Latin words. */
const squeeze = (text: string) => text.replace(/\s+/g, "");

const seedLinks = [...seed.matchAll(/(!?)\[([^\]]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(
  ([, bang, text, url]) => ({ image: bang === "!", text: (text ?? "").trim(), url: url ?? "" }),
);

/** The seed's paragraphs as plain text: Markdown links and marks stripped, footnote marks too. */
const seedParagraphs = seed
  .split(/\n\s*\n/)
  .map((block) =>
    block
      .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
      .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
      .replace(/\[\d\]/g, "")
      .replace(/^#+/gm, "")
      .replace(/^>\s?/gm, "")
      .replace(/^\d+\.\s/gm, ""),
  )
  .map(squeeze)
  .filter((text) => text !== "" && text !== "——");

let content: Content;
beforeAll(async () => {
  const result = await loadContent(contentDir);
  if (!result.ok) throw new Error(JSON.stringify(result.diagnostics, null, 2));
  content = result.content;
});

const announcement = (locale: string) => {
  const found = content.announcements.find((a) => a.locale === locale);
  if (!found) throw new Error(`no ${locale} announcement`);
  return found;
};

const nodesOf = <T extends Nodes["type"]>(tree: Nodes, type: T) => {
  const found: Extract<Nodes, { type: T }>[] = [];
  walk(tree, (node) => {
    if (node.type === type) found.push(node as Extract<Nodes, { type: T }>);
  });
  return found;
};

describe("the sample content", () => {
  it("loads without errors or warnings", async () => {
    const result = await loadContent(contentDir);
    expect(result.diagnostics).toEqual([]);
    expect(content.announcements.map((a) => `${a.id}/${a.locale}`)).toEqual([
      "docker-series-b/zh-CN",
      "docker-series-b/en",
    ]);
  });

  it("carries every paragraph of the seed, in order", () => {
    expect(seedParagraphs).toHaveLength(34);
    const zh = announcement("zh-CN");
    const model = squeeze(`${zh.title}${textOf(zh.body)}`);
    // The seed's title is set in capitals ("DOCKER获得…"); the title field is not.
    const [title, ...paragraphs] = seedParagraphs;
    expect(squeeze(zh.title).toLowerCase()).toBe(title?.toLowerCase());
    let from = 0;
    for (const paragraph of paragraphs) {
      const at = model.indexOf(paragraph, from);
      expect(at, `paragraph missing or out of order: ${paragraph}`).toBeGreaterThanOrEqual(0);
      from = at + paragraph.length;
    }
  });

  it("carries every link of the seed, with its text, in order", () => {
    const links = nodesOf(announcement("zh-CN").body, "link").map((link: Link) => ({
      image: false,
      text: textOf(link).trim(),
      url: link.url,
    }));
    expect(links).toEqual(seedLinks.filter((l) => !l.image));
    expect(seedLinks.filter((l) => !l.image)).toHaveLength(27);
  });

  it("keeps the seed's images, on https so no output loads an insecure image", () => {
    const images = nodesOf(announcement("zh-CN").body, "image");
    expect(images.map((i) => i.url)).toEqual(
      seedLinks.filter((l) => l.image).map((l) => l.url.replace(/^http:/, "https:")),
    );
    expect(images.every((i) => i.data?.remote === true && i.alt)).toBe(true);
  });

  it("keeps both footnotes, the quote inside the first and the translator's note", () => {
    const zh = announcement("zh-CN");
    const notes = nodesOf(zh.body, "footnoteDefinition");
    expect(notes.map((n) => n.identifier)).toEqual(["1", "2"]);
    expect(nodesOf(zh.body, "footnoteReference").map((n) => n.identifier)).toEqual(["1", "2"]);
    expect(nodesOf(notes[0] as Nodes, "blockquote")).toHaveLength(1);
    expect(textOf(notes[1] as Nodes)).toContain("(译者注)");
  });

  it("states the seed's facts as structured data", () => {
    const zh = announcement("zh-CN");
    expect(zh.funding).toEqual({
      round: "B 轮",
      amount: 15_000_000,
      currency: "USD",
      lead: ["greylock-partners"],
      participants: [
        "insight-venture-partners",
        "benchmark",
        "trinity-ventures",
        "ame-cloud-ventures",
      ],
      boardMembers: ["jerry-chen", "jerry-murdock"],
    });
    expect(zh.metrics.map((m) => [m.value, m.qualifier])).toEqual([
      [400_000, undefined],
      [300, "over"],
      [5000, "over"],
      [40, "over"],
    ]);
    expect(zh.useOfFunds).toHaveLength(3);
    expect(zh.hires.map((h) => h.person)).toEqual(["james-turnbull", "roger-egan"]);
    expect(zh.quotes.map((q) => q.person)).toEqual(["jerry-murdock", "peter-fenton"]);
    const named = zh.ecosystem.flatMap((g) => g.organizations);
    for (const org of ["ebay", "yandex", "mailgun", "cloudflare", "baidu", "chef", "puppet"]) {
      expect(named).toContain(org);
    }
    // Every quote is also said in the text itself.
    const text = squeeze(textOf(zh.body));
    for (const quote of zh.quotes) expect(text).toContain(squeeze(quote.text));
  });

  it("has an English translation with the same facts, links, images and notes", () => {
    const zh = announcement("zh-CN");
    const en = announcement("en");
    const urls = (tree: Nodes, type: "link" | "image") => nodesOf(tree, type).map((n) => n.url);
    expect(urls(en.body, "link")).toEqual(urls(zh.body, "link"));
    expect(urls(en.body, "image")).toEqual(urls(zh.body, "image"));
    expect(nodesOf(en.body, "heading").map((h) => h.depth)).toEqual(
      nodesOf(zh.body, "heading").map((h) => h.depth),
    );
    expect(nodesOf(en.body, "footnoteDefinition")).toHaveLength(2);
    expect({ ...en.funding, round: "" }).toEqual({ ...zh.funding, round: "" });
    expect(en.metrics.map((m) => m.value)).toEqual(zh.metrics.map((m) => m.value));
    expect(en.ecosystem.map((g) => g.organizations)).toEqual(
      zh.ecosystem.map((g) => g.organizations),
    );
    expect(en.hires.map((h) => h.person)).toEqual(zh.hires.map((h) => h.person));
    expect(en.quotes.map((q) => q.person)).toEqual(zh.quotes.map((q) => q.person));
  });
});
