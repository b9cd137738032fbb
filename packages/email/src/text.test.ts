import { type AnnouncementDocument, type Content, wordsFor } from "@herald/model";
import { parseMarkdown, resolveProse, worldContentDir } from "@herald/model/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { documentOf, load, loadRich, loadSample } from "../test/content.js";
import { plainText } from "./text.js";
import { textWidth } from "./width.js";

// The text part, one case per kind of node: each case lays out a small document (the rich
// content's, with its body replaced by a few lines of Markdown resolved like the model does)
// and reads the result back.

let rich: Content;
let sample: Content;
let base: AnnouncementDocument;
beforeAll(async () => {
  [rich, sample] = await Promise.all([loadRich(), loadSample()]);
  base = documentOf(rich, "en");
});

const slots = { greeting: "Dear Reader,", unsubscribe: "https://news.acme.example/u?x" };
const text = (document: AnnouncementDocument) => plainText(document, slots);

/** The text part of a document whose body is `markdown`, with no facts, figures or quotes. */
function body(markdown: string, locale = "en"): string {
  const prose = resolveProse(parseMarkdown(markdown), {
    site: rich.site,
    words: wordsFor(locale),
    imageSizes: {},
  });
  return text({
    ...documentOf(rich, locale),
    facts: [],
    figures: [],
    quotes: [],
    body: prose,
    company: { ...documentOf(rich, locale).company, about: { blocks: [], notes: [] } },
  });
}

/** The part between the buttons and the signature: what the body became. */
const middle = (output: string) =>
  output.slice(output.indexOf(".pdf\n") + 6, output.indexOf("\n-- \n")).replace(/^\n+|\n+$/g, "");

describe("the text part, node by node", () => {
  it("#10: headings are underlined as wide as they are, CJK counted twice", () => {
    expect(middle(body("# Big\n\n## Section\n\n### Smaller"))).toBe(
      "Big\n===\n\nSection\n-------\n\nSmaller\n-------",
    );
    expect(middle(body("## 资金用途", "zh-CN"))).toBe("资金用途\n--------");
  });

  it("#10: nested lists are indented under their item, ordered ones keep their start", () => {
    expect(middle(body("- one\n  - inner\n  - more\n- two\n\n3. three\n4. four\n"))).toBe(
      "- one\n  - inner\n  - more\n- two\n\n3. three\n4. four",
    );
    expect(middle(body("- [x] done\n- [ ] to do\n"))).toBe("- [x] done\n- [ ] to do");
  });

  it("#10: a quote is marked on every line", () => {
    expect(middle(body("> first\n>\n> second\n"))).toBe("> first\n>\n> second");
  });

  it("#10: table columns line up, right-aligned ones padded on the left", () => {
    expect(
      middle(body("| Year | Robots |\n| :--- | -----: |\n| 2023 | 400 |\n| 2024 | 1,200 |\n")),
    ).toBe("Year  Robots\n----  ------\n2023     400\n2024   1,200");
    // CJK characters take two columns: the numbers still end under the heading's end.
    expect(
      middle(
        body("| 年份 | 机器人 | 中 |\n| :--- | -----: | :-: |\n| 2023 | 400 | x |\n", "zh-CN"),
      ),
    ).toBe("年份  机器人  中\n----  ------  --\n2023     400  x");
  });

  it("#10: code is indented and kept line for line, blank lines included", () => {
    expect(middle(body("```\nherald build\n\nherald send\n```\n"))).toBe(
      "    herald build\n\n    herald send",
    );
  });

  it("#10: struck-through text is written between tildes", () => {
    expect(middle(body("Under ~~ISO 10218:2011~~ ISO 10218:2025."))).toBe(
      "Under ~~ISO 10218:2011~~ ISO 10218:2025.",
    );
  });

  it("#10: a figure is its label and address, its caption under it", () => {
    const out = text(base);
    expect(out).toContain(
      "Image: Robot arm on the assembly line [4]\nThe assembly line in Eindhoven\n",
    );
    expect(out).toContain("\n[4] https://news.acme.example/assets/assembly-line.png\n");
    expect(out).not.toContain("../assets");
  });

  it("#10: an inline image stays in its sentence, with its absolute address", () => {
    const out = text(base);
    expect(out).toContain("An inline icon Image: Acme icon [5] sits in this sentence.");
    expect(out).toContain("\n[5] https://news.acme.example/assets/icon.png\n");
  });

  it("#10: a remote image is its label and its own address", () => {
    const out = text(base);
    expect(out).toContain("Image: Press photo [6]\nPhoto by the press office\n");
    expect(out).toContain("\n[6] https://images.example.org/press/photo.jpg\n");
  });

  it("#10: links are numbered once, local files by their public address with #page", () => {
    const out = body(
      "[deck](https://x.example/a) and [again](https://x.example/a), [b](https://x.example/b), <https://x.example/c>.",
    );
    expect(middle(out)).toBe("deck [1] and again [1], b [2], https://x.example/c.");
    expect(out).toMatch(
      /\nLinks\n-----\n\[1\] https:\/\/x.example\/a\n\[2\] https:\/\/x.example\/b\n$/,
    );
    expect(text(base)).toContain("our investor deck [3].");
    expect(text(base)).toContain("\n[3] https://news.acme.example/assets/deck.pdf#page=2\n");
  });

  // #12: markers raised ("¹"), notes numbered ("1."), as the HTML part shows them.
  it("#10: footnotes carry the document's numbers, and so do notes after the body", () => {
    const out = body(
      "One.[^a] Two.[^b] One again.[^a]\n\n[^b]: Bee, see [^c].\n\n[^a]: Ay.\n\n[^c]: Cee.\n",
    );
    expect(middle(out)).toBe(
      "One.¹ Two.² One again.¹\n\nNotes\n-----\n1. Ay.\n\n2. Bee, see ³.\n\n3. Cee.",
    );
    // The About text's notes go on from the body's, as the document numbers them.
    const about = resolveProse(parseMarkdown("Founded in 2001.[^x]\n\n[^x]: In Delft.\n"), {
      site: rich.site,
      words: wordsFor("en"),
      imageSizes: {},
      firstNote: 2,
    });
    const withAbout = text({ ...base, company: { ...base.company, about } });
    expect(withAbout).toContain("Founded in 2001.²");
    expect(withAbout).toContain(
      "1. Certified under ISO 10218, see the standard [7].\n\n2. In Delft.\n",
    );
  });

  it("#10: the fact sheet: one value on its line, several as a list, notes in brackets", () => {
    const out = text(base);
    expect(out).toContain(
      "Fact sheet\n----------\nRound: Series A\nAmount: €4M\nLead investor: Northwind Capital [1]\nParticipating investor: Contoso Ventures\nNew board member: Mara Jensen [2] (Partner, Northwind Capital)\n",
    );
    const s = plainText(documentOf(sample, "en"), slots);
    expect(s).toMatch(
      /\nNew board members:\n {2}- Jerry Chen \[\d+\] \(Partner, Greylock Partners[^)]*\)\n {2}- Jerry Murdock/,
    );
  });

  it("#10: key figures with their notes", () => {
    expect(text(base)).toContain(
      "Key figures\n-----------\n- Robots shipped: over 1,200\n- Uptime: 99.5 percent (across all customers in 2024)\n",
    );
  });

  it("#10: quotes credited with name, role and organization", () => {
    expect(text(base)).toContain(
      "Quotes\n------\n> “Our robots now work beside people on every shift.”\n> — Pieter van der Berg, Chief Technology Officer, Acme Robotics\n",
    );
    expect(text(documentOf(rich, "zh-CN"))).toContain(
      "> ——Pieter van der Berg，Acme Robotics 首席技术官\n",
    );
  });

  it("#10: the footer: company, press contact, why, unsubscribe, then the links", () => {
    const out = text(base);
    expect(out).toContain(
      "\n-- \nAcme Robotics\nPress contact: Acme Press Office, press@acme.example, +31 20 555 0100\nYou receive this email because you are on Acme Robotics's investor list.\nUnsubscribe: https://news.acme.example/u?x\n\nLinks\n-----\n[1] https://northwind.example/\n",
    );
    expect(
      out.startsWith(
        "Dear Reader,\n\nAcme Robotics raises €4 million\n===============================\nMarch 4, 2025 · By Pieter van der Berg, Chief Technology Officer, Acme Robotics\n",
      ),
    ).toBe(true);
    expect(out).toContain(
      "View in your browser: https://news.acme.example/en/news/series-a/\nDownload the press kit (PDF): https://news.acme.example/en/news/series-a/series-a.en.pdf\n",
    );
  });

  it("#10: the About text, with its local link absolute", () => {
    expect(text(base)).toContain(
      "About Acme Robotics\n-------------------\nAcme Robotics builds collaborative robots for small factories. See the company deck [7].\n",
    );
    expect(text(base)).toContain("\n[7] https://news.acme.example/assets/deck.pdf\n");
  });

  it("#10: the sample's source and translator's note", () => {
    const s = plainText(documentOf(sample, "en"), slots);
    expect(s).toMatch(
      /\nOriginal: Docker Closes \$15M Series B Funding \[\d+\]\nTranslator's note: Translated/,
    );
  });
});

describe("the text part of the rich content and the sample", () => {
  it("#10: every fact, figure, quote credit and note of the document is in it, as worded there", () => {
    for (const content of [rich, sample])
      for (const locale of ["en", "zh-CN"]) {
        const document = documentOf(content, locale);
        const out = text(document);
        const has = (s: string) => expect(out, `${locale}: ${s}`).toContain(s);
        for (const row of document.facts) {
          has(row.label);
          for (const v of row.values) has(v.note ? document.words.withNote("", v.note) : v.text);
        }
        for (const f of document.figures) has(document.words.labelled(f.label, f.text));
        for (const q of document.quotes) has(`> ${q.credit}\n`);
        for (const note of [...document.body.notes, ...document.company.about.notes])
          has(`\n${note.number}. `);
        has(document.page.url);
        has(document.pdf.url);
        expect(out).not.toMatch(/\]\(|\.\.\/|\bsite\//);
      }
  });
});

describe("textWidth", () => {
  it("#10: counts wide characters twice and combining marks not at all", () => {
    expect(textWidth("abc")).toBe(3);
    expect(textWidth("资金")).toBe(4);
    expect(textWidth("ｆｕｌｌ")).toBe(8);
    expect(textWidth("한국")).toBe(4);
    expect(textWidth("e\u0301")).toBe(1);
  });
});

describe("#12: the postal address in the text part", () => {
  it("#12: is in the signature's company block, one line each, in the email's language", () => {
    expect(plainText(documentOf(sample, "en"), slots)).toContain(
      "\n-- \nDocker, Inc.\nDocker, Inc., 475 Brannan Street, Suite 330\nSan Francisco, CA 94107, United States\nPress contact: Docker Press Office, press@example.com, +1 415 555 0100\n",
    );
    expect(plainText(documentOf(sample, "zh-CN"), slots)).toContain(
      // The address's first line is the company's name, just above: not twice.
      "\n-- \nDocker, Inc.\n美国加利福尼亚州旧金山市布兰南街 475 号 330 室，邮编 94107\n",
    );
  });

  it("#12: right to left in Arabic, every line of it", async () => {
    const world = await load(worldContentDir);
    const out = plainText(documentOf(world, "ar"), slots);
    expect(out).toContain(
      "\n-- \n\u200fLumora Robotics\n\u200fLumora Robotics GmbH، Friedrichstraße 68، 10117 برلين، ألمانيا\n\u200f",
    );
  });

  it("#12: a site without one shows none", () => {
    expect(rich.site.newsletter.postalAddress).toBeUndefined();
    expect(text(base)).toContain("\n-- \nAcme Robotics\nPress contact: ");
  });
});

describe("#12: footnotes in the text part", () => {
  it("#12: markers are superscript numbers in the sentence, notes a numbered list, no Markdown marks", () => {
    const out = body("One.[^a] Two.[^b]\n\n[^a]: Ay.\n\n[^b]: Bee.\n\n    Its second paragraph.\n");
    // A note's later paragraphs hang under its first, past the number.
    expect(middle(out)).toBe(
      "One.¹ Two.²\n\nNotes\n-----\n1. Ay.\n\n2. Bee.\n\n   Its second paragraph.",
    );
    expect(out).not.toContain("[^");
    // Two digits: each a superscript digit.
    const many = Array.from({ length: 12 }, (_, i) => `N${i}.[^n${i}]`).join(" ");
    const defs = Array.from({ length: 12 }, (_, i) => `[^n${i}]: Note ${i}.`).join("\n\n");
    const twelve = middle(body(`${many}\n\n${defs}\n`));
    expect(twelve).toContain("N11.¹²");
    expect(twelve).toContain("\n12. Note 11.");
  });
});
