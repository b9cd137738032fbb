import type { Nodes } from "mdast";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "./diagnostics.js";
import { type Content, loadContent } from "./load.js";
import { textOf, walk } from "./markdown.js";
import { japaneseContentDir, worldContentDir } from "./testing.js";

// The content folders issue 11 is done with: one company's Series B in every language a site
// may declare. Every output's tests build them; here they must load without a single
// diagnostic (Herald has words for each locale, nothing is left untranslated) and hold every
// feature the outputs must set in each script and direction.

const folders = [
  {
    name: "en, de, ko, zh-TW and ar",
    dir: worldContentDir,
    locales: ["en", "de", "ko", "zh-TW", "ar"],
  },
  { name: "ja", dir: japaneseContentDir, locales: ["ja"] },
];

async function load(dir: string): Promise<Content> {
  const result = await loadContent(dir);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => formatDiagnostic(d)).join("\n"));
  return result.content;
}

/** The types of the nodes in a Markdown tree, and the text of its emphasis. */
function inventory(root: Nodes) {
  const types = new Set<string>();
  const emphasis: string[] = [];
  walk(root, (node) => {
    types.add(node.type);
    if (node.type === "emphasis") emphasis.push(textOf(node));
  });
  return { types, emphasis };
}

describe("#11: content in every language", () => {
  it.each(folders)("#11: the $name content loads without a single diagnostic", async ({ dir }) => {
    const result = await loadContent(dir);
    // Warnings included: a missing translation or a locale without words would print English.
    expect(result.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(folders)(
    "#11: the $name content has one announcement per locale with everything the outputs lay out",
    async ({ dir, locales }) => {
      const content = await load(dir);
      expect(content.site.locales).toEqual(locales);
      expect(content.announcements.map((a) => a.locale).sort()).toEqual([...locales].sort());
      for (const locale of locales) expect(content.about[locale]).toBeDefined();
      expect(content.site.pressContact.phone).toBeDefined();
      for (const a of content.announcements) {
        const where = a.file;
        expect(a.author, where).toBeDefined();
        expect(a.funding?.currency, where).toBe("EUR");
        expect(a.funding?.lead.length, where).toBeGreaterThan(0);
        expect(a.funding?.participants.length, where).toBeGreaterThan(0);
        expect(a.funding?.boardMembers.length, where).toBeGreaterThan(0);
        expect(a.quotes.length, where).toBeGreaterThanOrEqual(2);
        expect(a.metrics, where).toHaveLength(3);
        for (const m of a.metrics) expect([m.qualifier, m.unit].every(Boolean), where).toBe(true);
        expect(a.useOfFunds.length, where).toBeGreaterThan(0);
        const { types, emphasis } = inventory(a.body);
        for (const type of ["emphasis", "footnoteReference", "list", "table"]) {
          expect(types, `${where}: ${type}`).toContain(type);
        }
        // Emphasis on the language's own words, not only on a Latin product name.
        expect(emphasis.some((e) => !/^[\x20-\x7e]*$/.test(e)) || a.locale === "en", where).toBe(
          true,
        );
      }
    },
  );

  it("#11: Latin names and figures sit inside the Korean and Arabic text", async () => {
    const content = await load(worldContentDir);
    for (const locale of ["ko", "ar"]) {
      const a = content.announcements.find((x) => x.locale === locale);
      const text = a ? textOf(a.body) : "";
      expect(text).toMatch(/PanelPilot/);
      expect(text).toMatch(/\d{2,}/);
    }
  });

  it.each(folders)(
    "#11: the $name content names investors and people in a language of their own",
    async ({ dir }) => {
      const content = await load(dir);
      // Written in Simplified Chinese for every language: set as zh-CN inside any text.
      expect(content.organizations.find((o) => o.id === "pengcheng-ventures")).toMatchObject({
        name: "鹏城创投",
        language: "zh-CN",
      });
      expect(content.people.find((p) => p.id === "takeshi-morita")).toMatchObject({
        name: "森田健",
        language: "ja",
      });
    },
  );

  it("#11: the five-language content has investors with one name for all and with one per locale", async () => {
    const content = await load(worldContentDir);
    const names = content.organizations.map((o) => o.name);
    expect(names.some((n) => typeof n === "string")).toBe(true);
    const translated = names.filter((n) => typeof n !== "string");
    expect(translated.length).toBeGreaterThan(0);
    for (const n of translated)
      expect(Object.keys(n).sort()).toEqual([...content.site.locales].sort());
  });
});
