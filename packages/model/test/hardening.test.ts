import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic, loadContent } from "../src/index.js";
import { markdownItToMdast } from "../src/markdown-it-mdast.js";
import { HANG_BOUND_MS } from "./hang-bound.js";

// Issue #9, the siblings of each fixture in fixtures/: every file, every form of the mistake.
// Each case edits a fresh copy of fixtures/_base and asserts the whole report.

const base = fileURLToPath(new URL("./fixtures/_base/", import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

type Edit = (text: string) => string | Uint8Array;

/** Loads a copy of _base with `edits` applied (file → new text, or a function of the old). */
async function load(edits: Record<string, string | Uint8Array | Edit>) {
  const dir = await mkdtemp(join(tmpdir(), "herald-hardening-"));
  dirs.push(dir);
  await cp(base, dir, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(dir, file);
    const next =
      typeof edit === "function" ? edit(await readFile(path, "utf8").catch(() => "")) : edit;
    await writeFile(path, next);
  }
  const started = performance.now();
  const result = await loadContent(dir);
  return { ...result, ms: performance.now() - started, dir };
}

const report = (result: { diagnostics: Parameters<typeof formatDiagnostic>[0][] }) =>
  result.diagnostics.map((d) => formatDiagnostic(d)).join("\n");

/** Just the header lines: file:line:column severity code (field). */
const headers = (result: { diagnostics: Parameters<typeof formatDiagnostic>[0][] }) =>
  result.diagnostics.map((d) => formatDiagnostic(d).split("\n")[0]);

const announcement = (front: string, body: string) =>
  `---\nid: launch\nlocale: en\ntitle: Example Corp raises $5 million\ndate: 2024-03-01\nsummary: A short summary.\n${front}---\n\n${body}`;

describe("YAML the fuzzer found", () => {
  it("#9: an alias to an anchor that was never set is a YAML error, not a crash", async () => {
    const result = await load({
      "site.yaml": (text) => text.replace("name: Example Corp", "name: *company"),
    });
    expect(report(result)).toBe(
      [
        "site.yaml:1:7 error yaml-syntax",
        "  This is not valid YAML: Unresolved alias (the anchor must be set before the alias): company.",
        "  Fix: Check the indentation, and put text that contains a colon (:) or a hash (#) in quotes.",
      ].join("\n"),
    );
  });

  it("#9: a long wrong value is quoted shortened, not in full", async () => {
    const result = await load({
      "site.yaml": (text) => text.replace("name: Example Corp", `name: [${"x, ".repeat(500)}x]`),
      "announcements/launch.en.md": (text) =>
        text.replace("amount: 5000000", `amount: "${"9".repeat(3000)}"`),
    });
    expect(report(result)).toBe(
      [
        "announcements/launch.en.md:10:11 error wrong-type (funding › amount)",
        `  This should be a number, but it is the text "${"9".repeat(80)}…".`,
        "  Fix: Write a number here: the amount raised, as a plain number like 15000000.",
        "site.yaml:1:7 error wrong-type (name)",
        "  This should be text, but it is a list.",
        "  Fix: Write text here: the company name, as it appears on every output.",
      ].join("\n"),
    );
  });
});

const latin1 = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0) & 0xff));

describe("text that is not UTF-8", () => {
  it("#9: names the file, line and column (in characters) of the first bad byte, in every file", async () => {
    const result = await load({
      "site.yaml": (text) => Buffer.concat([Buffer.from(`${text}# 说明 `), latin1("café\n")]),
      "organizations.yaml": (text) => latin1(text.replace("Insight Venture", "Société Venture")),
      "people.yaml": (text) =>
        Buffer.concat([Buffer.from(text.replace("首席执行官", "首席执行官 ")), latin1("Zoë\n")]),
      "announcements/launch.en.md": (text) =>
        Buffer.concat([Buffer.from(`${text}\n🎉 Merci à `), latin1("tous\xa0!\n")]),
    });
    expect(headers(result)).toEqual([
      "announcements/launch.en.md:20:15 error not-utf8",
      "organizations.yaml:5:13 error not-utf8",
      "people.yaml:5:3 error not-utf8",
      "site.yaml:15:9 error not-utf8",
    ]);
  });

  it("#9: says UTF-16 for both byte orders, with or without a byte order mark", async () => {
    const le = (text: string) => Buffer.from(text, "utf16le");
    const be = (text: string) => le(text).swap16();
    const result = await load({
      "site.yaml": (text) => Buffer.concat([Buffer.from([0xfe, 0xff]), be(text)]),
      "organizations.yaml": (text) => Buffer.concat([Buffer.from([0xff, 0xfe]), le(text)]),
      "people.yaml": (text) => le(text),
      "announcements/launch.en.md": (text) => be(text),
    });
    expect(headers(result)).toEqual([
      "announcements/launch.en.md:1:1 error utf-16",
      "organizations.yaml:1:1 error utf-16",
      "people.yaml:1:1 error utf-16",
      "site.yaml:1:1 error utf-16",
    ]);
  });

  it("#9: reads files with a UTF-8 byte order mark and Windows line endings, and places mistakes right", async () => {
    const windows = (text: string) => `\ufeff${text.replace(/\n/g, "\r\n")}`;
    const clean = await load({
      "site.yaml": windows,
      "organizations.yaml": windows,
      "people.yaml": windows,
      "announcements/launch.en.md": windows,
    });
    expect(clean.diagnostics).toEqual([]);
    expect(clean.ok && clean.content.site.name).toBe("Example Corp");
    const wrong = await load({
      "people.yaml": (text) => windows(text.replace("ada-lovelace", "Ada")),
      "announcements/launch.en.md": (text) => windows(text.replace("(https://", "(javascript://")),
    });
    expect(headers(wrong)).toEqual([
      "announcements/launch.en.md:7:9 error unknown-reference (author)",
      "announcements/launch.en.md:16:25 error unsafe-link (text)",
      "people.yaml:1:7 error bad-id (item 1 › id)",
    ]);
  });

  it("#9: reports invisible control characters in YAML and Markdown, but accepts tabs in text", async () => {
    const result = await load({
      "site.yaml": (text) => text.replace("Example Corp makes", "Example\u001b[1m Corp makes"),
      "people.yaml": (text) => text.replace("Ada Lovelace", "Ada\u0085Lovelace"),
      "announcements/launch.en.md": (text) => `${text}\nA\ttab is fine.\n`,
    });
    expect(headers(result)).toEqual([
      "people.yaml:2:12 error control-character",
      "site.yaml:6:14 error control-character",
    ]);
  });
});

describe("nesting", () => {
  it("#9: keeps the text after the deepest allowed nesting (8 lists, 8 quotes, 8 marks)", async () => {
    const list = Array.from({ length: 8 }, (_, i) => `${"  ".repeat(i)}- level ${i + 1}`);
    const result = await load({
      "announcements/launch.en.md": announcement(
        "",
        [
          ...list,
          "",
          "After the list.",
          "",
          `${"> ".repeat(8)}deep quote`,
          "",
          `${"*".repeat(8)}marked${"*".repeat(8)} and [**_~~[x](https://e.com/)~~_**](https://f.com/)`,
          "",
          "## A later section",
          "",
          "The end.",
          "",
        ].join("\n"),
      ),
    });
    expect(result.diagnostics).toEqual([]);
    if (!result.ok) throw new Error("rejected");
    const body = result.content.announcements[0]?.body;
    const text = body ? JSON.stringify(body) : "";
    for (const expected of [
      "level 8",
      "After the list.",
      "deep quote",
      "marked",
      "A later section",
      "The end.",
    ]) {
      expect(text).toContain(expected);
    }
    expect(body?.children.map((c) => c.type)).toEqual([
      "list",
      "paragraph",
      "blockquote",
      "paragraph",
      "heading",
      "paragraph",
    ]);
  });

  it("#9: reports 100 levels of quotes, 1000 nested marks and 9 mixed levels at their lines", async () => {
    const mixed = [
      "> > > > >",
      ...Array.from({ length: 4 }, (_, i) => `> > > > > ${"  ".repeat(i)}- item`),
    ];
    const result = await load({
      "announcements/launch.en.md": announcement(
        "",
        [
          "Intro.",
          "",
          `${"> ".repeat(100)}deep`,
          "",
          `${"*".repeat(1000)}x${"*".repeat(1000)}`,
          "",
          ...mixed,
          "",
          "After.",
          "",
        ].join("\n"),
      ),
    });
    expect(headers(result)).toEqual([
      "announcements/launch.en.md:11:1 error nested-too-deep (text)",
      "announcements/launch.en.md:13:1 error nested-too-deep (text)",
      "announcements/launch.en.md:19:1 error nested-too-deep (text)",
    ]);
    expect(result.diagnostics[1]?.message).toBe(
      "Emphasis, strikethrough and links are nested more than 8 levels deep here; deeper levels cannot be laid out on a page or in an email.",
    );
  });

  it("#9: reports nesting too deep in the boilerplate, at its field", async () => {
    const result = await load({
      "site.yaml": (text) =>
        text.replace("en: Example Corp makes examples.", `en: "${"> ".repeat(20)}x"`),
    });
    expect(headers(result)).toEqual(["site.yaml:6:7 error nested-too-deep (about › en)"]);
  });

  it("#9: marks where markdown-it stops parsing, so nothing is dropped unreported", () => {
    const markdown = `${Array.from({ length: 60 }, (_, i) => `${"  ".repeat(i)}- ${i + 1}`).join("\n")}\n\nLost?\n`;
    const tree = markdownItToMdast(markdown, 5);
    expect(tree.data?.unparsedFrom).toBeGreaterThan(5);
    expect(JSON.stringify(tree)).not.toContain("Lost?");
  });

  it("#9: keeps footnotes defined in lists, images inside links and 100 hashes as text", async () => {
    const result = await load({
      "announcements/launch.en.md": announcement(
        "",
        [
          "- item with a note[^1]",
          "",
          "  [^1]: defined in the list",
          "",
          "[![A chart](../assets/chart.gif)](https://example.com/chart)",
          "",
          `${"#".repeat(100)} not a heading`,
          "",
        ].join("\n"),
      ),
    });
    expect(result.diagnostics).toEqual([]);
    if (!result.ok) throw new Error("rejected");
    const body = result.content.announcements[0]?.body;
    const json = JSON.stringify(body);
    expect(json).toContain('"type":"footnoteDefinition"');
    expect(json).toContain("defined in the list");
    expect(json).toContain('"asset":"assets/chart.gif"');
    expect(json).toContain(`${"#".repeat(100)} not a heading`);
  });
});

describe("brackets nested 1000 deep", () => {
  it("#9: stay text (links cannot nest), and the paragraph after them is kept", async () => {
    const result = await load({
      "announcements/launch.en.md": announcement(
        "",
        `${"[".repeat(1000)}x${"](https://example.com/)".repeat(1000)}\n\nAfter.\n`,
      ),
    });
    expect(result.diagnostics).toEqual([]);
    if (!result.ok) throw new Error("rejected");
    const [first, second] = result.content.announcements[0]?.body.children ?? [];
    expect(JSON.stringify(first)).toContain("[".repeat(998));
    expect(JSON.stringify(second)).toContain("After.");
    expect(result.ms).toBeLessThan(HANG_BOUND_MS);
  });
});

describe("addresses", () => {
  it("#9: rejects user names and passwords in every address, and never prints them", async () => {
    const result = await load({
      "site.yaml": (text) =>
        text.replace(
          "    email: ir@example.com",
          "    email: ir@example.com\n  unsubscribe:\n    url: https://token@news.example.com/u?e={email}",
        ),
      "organizations.yaml": (text) =>
        text.replace(
          "https://greylock.example.com/",
          "https://admin:hunter2@greylock.example.com/",
        ),
      "people.yaml": (text) => `${text}  url: http://ada:pw@ada.example.com/\n`,
      "announcements/launch.en.md": announcement(
        "source:\n  url: https://u:p@wire.example.com/story\n",
        "See [the wire](https://u:p%40ss@wire.example.com/) and ![x](https://u:p@img.example.com/a.png).\n",
      ),
    });
    expect(headers(result)).toEqual([
      "announcements/launch.en.md:8:8 error url-with-credentials (source › url)",
      "announcements/launch.en.md:11:5 error url-with-credentials (text)",
      "announcements/launch.en.md:11:56 error url-with-credentials (text)",
      "organizations.yaml:3:8 error url-with-credentials (item 1 › url)",
      "people.yaml:5:8 error url-with-credentials (item 1 › url)",
      "site.yaml:16:10 error url-with-credentials (newsletter › unsubscribe › url)",
    ]);
    // The boilerplate is checked once site.yaml is otherwise valid.
    const about = await load({
      "site.yaml": (text) =>
        text.replace(
          "Example Corp makes examples.",
          "Example Corp [makes](https://a:b@x.example/) examples.",
        ),
    });
    expect(headers(about)).toEqual(["site.yaml:6:7 error url-with-credentials (about › en)"]);
    const text = report(result) + report(about);
    for (const secret of ["hunter2", "admin", "token", "p%40ss", ":pw@", "a:b@", "u:p@"]) {
      expect(text).not.toContain(secret);
    }
  });

  it("#9: the site address is a plain http(s) base: no fragment, no other scheme", async () => {
    const fragment = await load({
      "site.yaml": (text) =>
        text.replace("https://news.example.com/", "https://news.example.com/#top"),
    });
    expect(headers(fragment)).toEqual(["site.yaml:2:6 error bad-site-url (url)"]);
    const ftp = await load({
      "site.yaml": (text) => text.replace("https://news.example.com/", "ftp://news.example.com/"),
    });
    expect(headers(ftp)).toEqual(["site.yaml:2:6 error unsafe-link (url)"]);
  });

  it("#9: javascript: in a reference definition or an autolink is an unsafe link at its line", async () => {
    const result = await load({
      "announcements/launch.en.md": announcement(
        "",
        "Click [here][x].\n\n[x]: javascript:alert(1)\n\nOr <javascript:alert(2)>.\n",
      ),
    });
    expect(headers(result)).toEqual([
      "announcements/launch.en.md:9:7 error unsafe-link (text)",
      "announcements/launch.en.md:13:4 error unsafe-link (text)",
    ]);
  });
});

describe("values the outputs cannot print", () => {
  it("#9: limits ids and locale codes to what file names and addresses can hold", async () => {
    const result = await load({
      "site.yaml": (text) =>
        text.replace("locales: [en, zh-CN]", `locales: [en, zh-CN, en-${"a".repeat(40)}]`),
      "announcements/launch.en.md": (text) =>
        text.replace("author: ada-lovelace", `author: ${"a".repeat(65)}`),
    });
    expect(report(result)).toBe(
      [
        "announcements/launch.en.md:7:9 error too-long (author)",
        "  This is 65 characters long; at most 64 are allowed here.",
        "  Fix: Shorten it to 64 characters or fewer.",
        "site.yaml:4:22 error too-long (locales › item 3)",
        "  This is 43 characters long; at most 35 are allowed here.",
        "  Fix: Shorten it to 35 characters or fewer.",
      ].join("\n"),
    );
  });

  it("#9: amounts have at most their currency's decimals and stay below a quadrillion", async () => {
    const amounts: Array<[string, string, string | undefined]> = [
      ["1500.5", "JPY", "1500.5 has 1 decimal; JPY amounts have none."],
      ["1.2345", "KWD", "1.2345 has 4 decimals; KWD amounts have at most 3."],
      ["1.234", "KWD", undefined],
      ["19.99", "USD", undefined],
      ["0.1", "EUR", undefined],
      [
        "1e16",
        "USD",
        "10000000000000000 is not allowed here: it must be at most 1000000000000000.",
      ],
      ["1e308", "USD", "1e+308 is not allowed here: it must be at most 1000000000000000."],
      ["0", "USD", "0 is not allowed here: it must be greater than 0."],
      [
        ".inf",
        "USD",
        "This is not an ordinary number (it is .inf, .nan, or too large to store, like 1e400).",
      ],
      [
        "1e400",
        "USD",
        "This is not an ordinary number (it is .inf, .nan, or too large to store, like 1e400).",
      ],
    ];
    for (const [amount, currency, message] of amounts) {
      const result = await load({
        "announcements/launch.en.md": (text) =>
          text
            .replace("amount: 5000000", `amount: ${amount}`)
            .replace("currency: USD", `currency: ${currency}`),
      });
      expect([amount, result.diagnostics.map((d) => d.message)]).toEqual([
        amount,
        message ? [message] : [],
      ]);
    }
  });

  it("#9: figures are finite, not negative, and have at most three decimals", async () => {
    const result = await load({
      "announcements/launch.en.md": announcement(
        "metrics:\n  - { label: A, value: 0 }\n  - { label: B, value: 99.999 }\n  - { label: C, value: 0.0001 }\n  - { label: D, value: -.inf }\n  - { label: E, value: -1 }\n",
        "Text.\n",
      ),
    });
    expect(report(result)).toBe(
      [
        "announcements/launch.en.md:10:24 error too-many-decimals (metrics › item 3 › value)",
        "  0.0001 has 4 decimals; figures have at most 3.",
        "  Fix: Round it to 3 decimals.",
        "announcements/launch.en.md:11:24 error not-finite (metrics › item 4 › value)",
        "  This is not an ordinary number (it is .inf, .nan, or too large to store, like 1e400).",
        "  Fix: Write an ordinary number, like 15000000.",
        "announcements/launch.en.md:12:24 error number-out-of-range (metrics › item 5 › value)",
        "  -1 is not allowed here: it must be at least 0.",
        "  Fix: Write a number that is at least 0.",
      ].join("\n"),
    );
  });

  it("#9: dates are real days between 1900 and 2100", async () => {
    const dates: Array<[string, string | undefined]> = [
      ["2014-02-29", "bad-date"],
      ["2016-02-29", undefined],
      ["1899-12-31", "date-out-of-range"],
      ["1900-01-01", undefined],
      ["2100-12-31", undefined],
      ["2101-01-01", "date-out-of-range"],
      ["9999-12-31", "date-out-of-range"],
      ["0000-01-01", "date-out-of-range"],
      ["20140-01-22", "bad-date"],
    ];
    for (const [date, code] of dates) {
      const result = await load({
        "announcements/launch.en.md": (text) => text.replace("date: 2024-03-01", `date: ${date}`),
      });
      expect([date, result.diagnostics.map((d) => d.code)]).toEqual([date, code ? [code] : []]);
    }
  });
});

describe("YAML edge cases", () => {
  it("#9: duplicate keys, tabs and NUL are located errors", async () => {
    const result = await load({
      "site.yaml": (text) => text.replace("defaultLocale: en", "defaultLocale: en\nname: Again"),
      "organizations.yaml": (text) => text.replace("  name: Insight", "\tname: Insight"),
      "people.yaml": (text) => text.replace("Ada Lovelace", "Ada\u0000Lovelace"),
    });
    expect(headers(result)).toEqual([
      "organizations.yaml:5:1 error yaml-syntax",
      "people.yaml:2:12 error control-character",
      "site.yaml:4:1 error yaml-syntax",
    ]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "This is not valid YAML: The line is indented with a tab; YAML needs spaces.",
      "The text contains an invisible control character (U+0000), which the outputs cannot show.",
      "This is not valid YAML: Map keys must be unique.",
    ]);
  });

  it("#9: keys that are numbers, lists or maps are unknown fields, not crashes", async () => {
    const result = await load({
      "site.yaml": (text) => `${text}1: one\n? [a, b]\n: c\n? { d: 1 }\n: e\n`,
    });
    expect(headers(result)).toEqual([
      "site.yaml:15:1 error unknown-key (1)",
      "site.yaml:16:3 error unknown-key (a,b)",
      "site.yaml:18:3 error unknown-key ([object Object])",
    ]);
  });

  it("#9: an alias bomb loads in well under a second", async () => {
    const names = "abcdefghij";
    let bomb = "- id: bomb\n  name: &a [x, x, x, x, x, x, x, x, x, x]\n";
    for (let i = 1; i < 10; i++) {
      bomb += `  x${i}: &${names[i]} [${Array(10)
        .fill(`*${names[i - 1]}`)
        .join(", ")}]\n`;
    }
    bomb += `  role: *j\n  url: *j\n`;
    const result = await load({ "people.yaml": (text) => text + bomb });
    expect(result.ms).toBeLessThan(HANG_BOUND_MS);
    expect(result.ok).toBe(false);
    expect(result.diagnostics.every((d) => d.file === "people.yaml" && d.line >= 5)).toBe(true);
  });

  it("#9: an announcement with front matter and no text loads with an empty body", async () => {
    const result = await load({
      "announcements/launch.en.md": announcement("", ""),
    });
    expect(result.diagnostics).toEqual([]);
    expect(result.ok && result.content.announcements[0]?.body.children).toEqual([]);
  });
});

describe("control characters and locales written twice", () => {
  it("#9: control characters written as YAML escapes are reported at their field", async () => {
    const result = await load({
      "organizations.yaml": (text) =>
        text.replace("name: Greylock Partners", 'name: "Greylock\\u0000 Partners"'),
      "announcements/launch.en.md": (text) =>
        text.replace("title: Example Corp raises $5 million", 'title: "\\e[31mExample Corp"'),
    });
    expect(headers(result)).toEqual([
      "announcements/launch.en.md:4:8 error control-character (title)",
      "organizations.yaml:2:9 error control-character (item 1 › name)",
    ]);
  });

  it("#9, #11: two locales that differ only in case: the second is not written the standard way", async () => {
    const result = await load({
      "site.yaml": (text) => text.replace("locales: [en, zh-CN]", "locales: [en, zh-CN, zh-cn]"),
    });
    const errors = result.diagnostics.filter((d) => d.severity === "error");
    expect(report({ diagnostics: errors })).toBe(
      [
        "site.yaml:4:22 error locale-case (locales › item 3)",
        '  "zh-cn" is a language code written in a way of its own.',
        '  Fix: Write "zh-CN": file names, web addresses and the choice of words and fonts use that form.',
      ].join("\n"),
    );
  });
});

describe("time bounds", () => {
  it("#9: 100,000 nested marks, in the text or in an image's alt, are no stack overflow", async () => {
    const marks = `${"*".repeat(100_000)}x${"*".repeat(100_000)}`;
    const text = await load({ "announcements/launch.en.md": announcement("", `${marks}\n`) });
    expect(headers(text)).toEqual(["announcements/launch.en.md:9:1 error nested-too-deep (text)"]);
    const alt = await load({
      "announcements/launch.en.md": announcement("", `![${marks}](../assets/chart.gif)\n`),
    });
    expect(alt.diagnostics).toEqual([]);
    expect(alt.ms).toBeLessThan(HANG_BOUND_MS);
  });

  it("#9: YAML nested thousands of brackets deep is a located error, not a stack overflow", async () => {
    const result = await load({
      "site.yaml": (text) => `${text}x: ${"[".repeat(50_000)}${"]".repeat(50_000)}\n`,
    });
    expect(report(result)).toBe(
      [
        "site.yaml:15:204 error yaml-syntax",
        "  This is not valid YAML: Lists or groups of fields ([ ], { }) are nested more than 200 levels deep.",
        "  Fix: Check the indentation, and put text that contains a colon (:) or a hash (#) in quotes.",
      ].join("\n"),
    );
    expect(result.ms).toBeLessThan(HANG_BOUND_MS);
  });

  it("#9: a paragraph of 10,000 reference links is placed in linear time", async () => {
    const result = await load({
      "announcements/launch.en.md": announcement(
        "",
        `[a]: javascript:x\n\n${"[a] ".repeat(10_000)}\n`,
      ),
    });
    expect(result.ms).toBeLessThan(HANG_BOUND_MS);
    expect(result.diagnostics).toHaveLength(10_000);
    expect(headers({ diagnostics: result.diagnostics.slice(0, 2) })).toEqual([
      "announcements/launch.en.md:11:1 error unsafe-link (text)",
      "announcements/launch.en.md:11:5 error unsafe-link (text)",
    ]);
  });

  it("#9: a huge unknown key and value are reported shortened, and load quickly", async () => {
    const huge = "Q".repeat(100_000);
    const result = await load({
      "announcements/launch.en.md": (text) =>
        text
          .replace("currency: USD", `currency: ${huge}`)
          .replace("summary: A short summary.", `summary: A short summary.\n${huge}: x`),
    });
    expect(result.ms).toBeLessThan(HANG_BOUND_MS);
    expect(report(result).length).toBeLessThan(1500);
    expect(headers(result)).toEqual([
      `announcements/launch.en.md:7:1 error unknown-key (${"Q".repeat(80)}…)`,
      "announcements/launch.en.md:12:13 error bad-currency (funding › currency)",
    ]);
  });
});

describe("many mistakes on one line", () => {
  it("#9: 5,000 bad ids in one YAML line are located in linear time", async () => {
    const result = await load({
      "announcements/launch.en.md": (text) =>
        text.replace("lead: [greylock]", `lead: [${Array(5_000).fill("Bad_Id").join(", ")}]`),
    });
    expect(result.ms).toBeLessThan(HANG_BOUND_MS);
    expect(result.diagnostics).toHaveLength(5_000);
    expect(headers({ diagnostics: result.diagnostics.slice(0, 2) })).toEqual([
      "announcements/launch.en.md:12:10 error bad-id (funding › lead › item 1)",
      "announcements/launch.en.md:12:18 error bad-id (funding › lead › item 2)",
    ]);
  });
});
