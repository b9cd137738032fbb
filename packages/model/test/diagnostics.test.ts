import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogue, formatDiagnostic, loadContent } from "../src/index.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

// One fixture folder per mistake, each a copy of _base with that one thing wrong. The whole
// text a comms person reads is asserted, location included: [loads?, ...lines].
const expected: Record<string, [boolean, ...string[]]> = {
  "bad-currency": [
    false,
    "announcements/launch.en.md:11:13 error bad-currency (funding › currency)",
    '  "USDD" is not a currency code.',
    '  Fix: Did you mean "USD"? Use the three-letter ISO 4217 code, like USD, EUR or CNY.',
  ],
  "bad-date": [
    false,
    "announcements/launch.en.md:5:7 error bad-date (date)",
    '  "2024-02-30" is not a real date in the form YYYY-MM-DD.',
    "  Fix: Write the date as year-month-day with four, two and two digits, like 2014-01-22.",
  ],
  "bad-email": [
    false,
    "site.yaml:10:10 error bad-email (pressContact › email)",
    '  "press-at-example.com" is not an email address.',
    "  Fix: Write an address like press@example.com.",
  ],
  "bad-id": [
    false,
    "organizations.yaml:4:7 error bad-id (item 2 › id)",
    '  "Insight Partners" cannot be used as an id.',
    "  Fix: Use lowercase letters, digits and single hyphens, like greylock-partners.",
  ],
  "bad-locale": [
    false,
    "site.yaml:4:22 error bad-locale (locales › item 3)",
    '  "en_US!" is not a language code.',
    "  Fix: Write a BCP 47 language code such as en, zh-CN or pt-BR.",
  ],
  "bad-url": [
    false,
    "organizations.yaml:3:8 error bad-url (item 1 › url)",
    '  "greylock.example.com" is not a complete web address.',
    "  Fix: Write the whole address, starting with https://, like https://www.example.com/.",
  ],
  "duplicate-announcement": [
    false,
    "announcements/launch.en.md:2:5 error duplicate-announcement (id)",
    '  announcements/launch-copy.en.md already has id "launch" in locale "en".',
    "  Fix: Each translation needs its own locale; give this file another locale, or another id if it is a different announcement.",
  ],
  "duplicate-id": [
    false,
    "organizations.yaml:4:7 error duplicate-id (item 2 › id)",
    '  Another organization already has the id "greylock" (line 1).',
    "  Fix: Give each organization its own id, or merge the two entries.",
  ],
  "empty-value": [
    false,
    "announcements/launch.en.md:6:1 error empty-value (summary)",
    "  This is empty.",
    "  Fix: Fill it in with one or two sentences shown under the headline.",
  ],
  "insecure-image": [
    false,
    "announcements/launch.en.md:18:1 error insecure-image (text)",
    '  The image "http://images.example.com/chart.gif" is not on a secure (https) address.',
    "  Fix: Use the https:// address of the image, or save the image in assets/ and point to it there.",
  ],
  "missing-asset": [
    false,
    "announcements/launch.en.md:18:1 error missing-asset (text)",
    '  The file "../assets/chart.png" does not exist (looked for assets/chart.png).',
    '  Fix: Did you mean "../assets/chart.gif"? Put the file in the assets folder, or correct the path.',
  ],
  "missing-field": [
    false,
    "announcements/launch.en.md:2:1 error missing-field (title)",
    '  "title" is required but missing.',
    "  Fix: Add title: the headline.",
  ],
  "missing-footnote": [
    false,
    "announcements/launch.en.md:16:24 error missing-footnote (text)",
    "  The footnote [^1] has no text.",
    '  Fix: Add a line "[^1]: …" with the footnote\'s text, or remove the reference.',
  ],
  "missing-front-matter": [
    false,
    "announcements/launch.en.md:1:1 error missing-front-matter",
    "  The file does not start with front matter.",
    "  Fix: Begin the file with a line of three dashes (---), then the fields (id, locale, title, date, summary), then another line of three dashes.",
  ],
  "missing-site": [
    false,
    "site.yaml:1:1 error missing-file",
    "  The content folder has no site.yaml.",
    "  Fix: Create it; see the content format in Herald's README.",
  ],
  "missing-translation": [
    true,
    "site.yaml:6:3 warning missing-translation (about)",
    '  "Example Corp makes examples." has no zh-CN version; the default language is shown instead.',
    "  Fix: Add a zh-CN: line to it.",
  ],
  "no-announcements": [
    true,
    "announcements:1:1 warning no-announcements",
    "  There are no announcements yet.",
    "  Fix: Add a Markdown file to announcements/, like announcements/launch.en.md.",
  ],
  "not-allowed-value": [
    false,
    "announcements/launch.en.md:17:16 error not-allowed-value (metrics › item 1 › qualifier)",
    '  "more" is not one of the allowed values (over, about).',
    "  Fix: Use one of over, about.",
  ],
  "number-out-of-range": [
    false,
    "announcements/launch.en.md:10:11 error number-out-of-range (funding › amount)",
    "  -5 is not allowed here: it must be greater than 0.",
    "  Fix: Write a number that is greater than 0.",
  ],
  "outside-assets": [
    false,
    "announcements/launch.en.md:18:1 error outside-assets (text)",
    '  "../site.yaml" points outside the assets folder.',
    "  Fix: Keep images and files in assets/ and point to them there (from an announcement: ../assets/name.png).",
  ],
  "raw-html": [
    false,
    "announcements/launch.en.md:16:1 error raw-html (text)",
    "  The text contains HTML (<div>), which Herald does not publish.",
    "  Fix: Use Markdown instead (**bold**, _italic_, [text](https://…)); to show a < sign itself, write \\<.",
  ],
  "ten-mistakes": [
    false,
    "announcements/launch.en.md:2:1 error missing-field (title)",
    '  "title" is required but missing.',
    "  Fix: Add title: the headline.",
    "announcements/launch.en.md:4:7 error bad-date (date)",
    '  "1 March 2024" is not a real date in the form YYYY-MM-DD.',
    "  Fix: Write the date as year-month-day with four, two and two digits, like 2014-01-22.",
    "announcements/launch.en.md:6:1 error unknown-key (sumary)",
    '  "sumary" is not a field Herald knows here.',
    '  Fix: Did you mean "summary"? Otherwise remove it. Fields allowed here: id, locale, title, date, summary, author, funding, metrics, quotes, ecosystem, useOfFunds, hires, source, translatorNote.',
    "announcements/launch.en.md:7:9 error unknown-reference (author)",
    '  No person in people.yaml has the id "ada-lovelase".',
    '  Fix: Did you mean "ada-lovelace"? Use an id listed in people.yaml, or add the person there.',
    "announcements/launch.en.md:11:13 error bad-currency (funding › currency)",
    '  "usd" is not a currency code.',
    '  Fix: Did you mean "USD"? Use the three-letter ISO 4217 code, like USD, EUR or CNY.',
    "announcements/launch.en.md:12:10 error unknown-reference (funding › lead › item 1)",
    '  No organization in organizations.yaml has the id "greylok".',
    '  Fix: Did you mean "greylock"? Use an id listed in organizations.yaml, or add the organization there.',
    "announcements/launch.en.md:16:1 error raw-html (text)",
    "  The text contains HTML (<b>), which Herald does not publish.",
    "  Fix: Use Markdown instead (**bold**, _italic_, [text](https://…)); to show a < sign itself, write \\<.",
    "announcements/launch.en.md:18:1 error missing-asset (text)",
    '  The file "../assets/chart.png" does not exist (looked for assets/chart.png).',
    '  Fix: Did you mean "../assets/chart.gif"? Put the file in the assets folder, or correct the path.',
    "organizations.yaml:3:8 error unsafe-link (item 1 › url)",
    '  The link "javascript:alert(1)" is not allowed: links may only lead to web pages (http, https) or email addresses (mailto).',
    "  Fix: Link to an https:// address or a mailto: address instead, or remove the link.",
    "site.yaml:10:10 error bad-email (pressContact › email)",
    '  "press-at-example.com" is not an email address.',
    "  Fix: Write an address like press@example.com.",
  ],
  "unknown-key": [
    false,
    "announcements/launch.en.md:7:1 error unknown-key (sumary)",
    '  "sumary" is not a field Herald knows here.',
    '  Fix: Did you mean "summary"? Otherwise remove it. Fields allowed here: id, locale, title, date, summary, author, funding, metrics, quotes, ecosystem, useOfFunds, hires, source, translatorNote.',
  ],
  "unknown-locale": [
    false,
    "announcements/launch.en.md:3:9 error unknown-locale (locale)",
    '  "fr" is not one of the site\'s languages (en, zh-CN).',
    '  Fix: Use one of them, or add "fr" to locales in site.yaml.',
  ],
  "unknown-organization": [
    false,
    "announcements/launch.en.md:12:10 error unknown-reference (funding › lead › item 1)",
    '  No organization in organizations.yaml has the id "greylok".',
    '  Fix: Did you mean "greylock"? Use an id listed in organizations.yaml, or add the organization there.',
  ],
  "unknown-person": [
    false,
    "announcements/launch.en.md:7:9 error unknown-reference (author)",
    '  No person in people.yaml has the id "ada-lovelase".',
    '  Fix: Did you mean "ada-lovelace"? Use an id listed in people.yaml, or add the person there.',
  ],
  "unsafe-link-after-emoji": [
    false,
    "announcements/launch.en.md:16:4 error unsafe-link (text)",
    '  The link "javascript:alert(1)" is not allowed: links may only lead to web pages (http, https) or email addresses (mailto).',
    "  Fix: Link to an https:// address or a mailto: address instead, or remove the link.",
  ],
  "unsafe-link": [
    false,
    "announcements/launch.en.md:16:25 error unsafe-link (text)",
    '  The link "javascript:alert(1)" is not allowed: links may only lead to web pages (http, https) or email addresses (mailto).',
    "  Fix: Link to an https:// address or a mailto: address instead, or remove the link.",
  ],
  "wrong-type": [
    false,
    "announcements/launch.en.md:10:11 error wrong-type (funding › amount)",
    '  This should be a number, but it is the text "5 million".',
    "  Fix: Write a number here: the amount raised, as a plain number like 15000000.",
  ],
  "yaml-syntax": [
    false,
    "site.yaml:1:7 error yaml-syntax",
    "  This is not valid YAML: Nested mappings are not allowed in compact mappings.",
    "  Fix: Check the indentation, and put text that contains a colon (:) or a hash (#) in quotes.",
  ],
};

describe("content diagnostics", () => {
  it("accepts the valid base fixture without a word", async () => {
    const result = await loadContent(`${fixtures}_base`);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("has a case for every fixture folder", () => {
    const folders = readdirSync(fixtures).filter((name) => !name.startsWith("_"));
    expect(Object.keys(expected).sort()).toEqual(folders.sort());
  });

  for (const [name, [ok, ...lines]] of Object.entries(expected)) {
    it(`reports ${name} with its place, its cause and its fix`, async () => {
      const result = await loadContent(`${fixtures}${name}`);
      const text = result.diagnostics.map((d) => formatDiagnostic(d)).join("\n");
      expect(text).toBe(lines.join("\n"));
      expect(result.ok).toBe(ok);
    });
  }

  it("has a fixture for every entry of the catalogue", async () => {
    const seen = new Set<string>();
    for (const name of Object.keys(expected)) {
      const result = await loadContent(`${fixtures}${name}`);
      for (const d of result.diagnostics) seen.add(d.code);
    }
    expect([...seen].sort()).toEqual(Object.keys(catalogue).sort());
  });

  it("reports all ten mistakes of one folder together", async () => {
    const result = await loadContent(`${fixtures}ten-mistakes`);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toHaveLength(10);
    expect(new Set(result.diagnostics.map((d) => d.file)).size).toBe(3);
  });
});
