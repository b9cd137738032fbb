import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic, loadContent } from "../src/index.js";
import { markdownItToMdast } from "../src/markdown-it-mdast.js";

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
