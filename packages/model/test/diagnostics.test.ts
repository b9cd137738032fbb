import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { chmod, cp, mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { catalogue, formatDiagnostic, loadContent } from "../src/index.js";
import { HANG_BOUND_MS } from "./hang-bound.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

/** The temporary folders the tests made, removed after them. */
const temps: string[] = [];
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

/** A fresh copy of the valid base fixture, for cases too large to commit as files. */
async function copyOfBase(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "herald-fixture-"));
  temps.push(dir);
  await cp(`${fixtures}_base`, dir, { recursive: true });
  return dir;
}
/** Catalogue codes covered by generated cases rather than fixture folders. */
const seenElsewhere = new Set<string>();

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
  "bad-moment": [
    false,
    "announcements/launch.en.md:6:10 error bad-moment (embargo)",
    '  "2024-13-01T09:00:00+01:00" is not a real date and time with its offset from UTC.',
    "  Fix: Write the date, the time and the offset from UTC, like 2026-12-01T09:00:00+01:00 (09:00 in Paris in winter); Z stands for UTC.",
  ],
  "moment-without-offset": [
    false,
    "announcements/launch.en.md:6:10 error moment-without-offset (embargo)",
    '  "2024-03-01 09:00" has no offset from UTC, so nobody can tell when that is: 09:00 in Paris and in New York are six hours apart.',
    '  Fix: Add the offset from UTC of the time zone you mean, like "2024-03-01T09:00+01:00" for Paris in winter (-05:00 for New York; Z stands for UTC).',
  ],
  "embargo-disagrees": [
    false,
    "announcements/launch.zh-CN.md:6:10 error embargo-disagrees (embargo)",
    '  The translations of "launch" disagree on the embargo: announcements/launch.en.md says embargo: 2024-03-01T09:00:00+01:00. One announcement is published at one moment in every language.',
    "  Fix: Give every translation the same embargo (the same moment; each may write it in its own offset), or none.",
  ],
  "update-markdown": [
    false,
    "announcements/launch.en.md:8:11 error update-markdown (updates › item 1 › text)",
    "  An update is a sentence or two of text, and this one has a heading.",
    "  Fix: Keep updates to paragraphs with **bold**, _italic_, ~~struck~~ words and links; put the rest in the announcement's text.",
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
  "listed-twice": [
    false,
    "site.yaml:16:24 error listed-twice (company › team › item 2)",
    '  "ada-lovelace" is already in this list (line 16), so it would be shown twice.',
    "  Fix: Remove one of the two.",
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
  "logo-too-small": [
    true,
    "site.yaml:15:7 warning logo-too-small (logo)",
    '  "assets/logo.png" is 40×40 pixels: the site\'s icons (up to 192×192 pixels) and the logo in the header and the email are drawn larger than that, so they will look blurry.',
    "  Fix: Export the logo again at least 192 pixels on its longer side, or as an SVG, and point logo at the new file.",
  ],
  "logo-out-of-shape": [
    true,
    "site.yaml:15:7 warning logo-out-of-shape (logo)",
    '  "assets/logo.svg" is 1000×100 pixels, more than 4 times as wide as it is tall: fitted into the square icons (the browser tab\'s is 16 pixels), it shrinks to a thin line no one can read.',
    "  Fix: Point logo at a squarer version of the mark (the symbol without the wordmark, or the wordmark set on two lines); the header and the press kit show that file too.",
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
    '  Fix: Did you mean "summary"? Otherwise remove it. Fields allowed here: id, locale, title, date, summary, embargo, updates, author, funding, metrics, quotes, ecosystem, useOfFunds, hires, source, translatorNote.',
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
    '  Fix: Did you mean "summary"? Otherwise remove it. Fields allowed here: id, locale, title, date, summary, embargo, updates, author, funding, metrics, quotes, ecosystem, useOfFunds, hires, source, translatorNote.',
  ],
  "bad-words-message": [
    false,
    "labels.yaml:2:13 error bad-words-message (en › greeting)",
    "  This message cannot be read: a { is not closed by }.",
    "  Fix: Write plain text, with {name} where a value goes and {count, plural, one {…} other {…}} where the words depend on a number; to print a brace, put it in apostrophes ('{').",
  ],
  "unknown-words-slot": [
    false,
    "labels.yaml:2:13 error unknown-words-slot (zh-CN › greeting)",
    "  {nom} is not a value this message is given.",
    "  Fix: Use only {name} here, or remove the braces.",
  ],
  "unused-words-slot": [
    true,
    "labels.yaml:2:16 warning unused-words-slot (en › whyReceived)",
    "  This message leaves out {company}, so readers will not see that value.",
    "  Fix: Put each value where it belongs in the sentence.",
  ],
  "missing-words": [
    false,
    "people.yaml:3:9 warning missing-translation (item 1 › role)",
    '  "CEO" has no sv version; the default language is shown instead.',
    "  Fix: Add a sv: line to it.",
    "site.yaml:4:22 error missing-words (locales › item 3)",
    "  Herald has no interface words for sv (svenska), and labels.yaml leaves out 91 of them: amount, leadInvestors, participants, boardMembers, metrics, quotes, ecosystem, useOfFunds, ….",
    '  Fix: Add the missing keys under "sv:" in labels.yaml; `herald labels --locale sv` prints every key with the English words to translate.',
    "site.yaml:6:3 warning missing-translation (about)",
    '  "Example Corp makes examples." has no sv version; the default language is shown instead.',
    "  Fix: Add a sv: line to it.",
  ],
  "locale-case": [
    false,
    "announcements/launch.en.md:3:9 error locale-case (locale)",
    '  "EN-us" is a language code written in a way of its own.',
    '  Fix: Write "en-US": file names, web addresses and the choice of words and fonts use that form.',
  ],
  "misnamed-file": [
    true,
    "labels.yml:1:1 warning misnamed-file",
    '  "labels.yml" is not read: Herald reads labels.yaml.',
    "  Fix: Rename it to labels.yaml.",
  ],
  "unknown-word-key": [
    false,
    "labels.yaml:2:3 error unknown-key (en › factSheat)",
    '  "factSheat" is not a field Herald knows here.',
    '  Fix: Did you mean "factSheet"? Otherwise remove it. Fields allowed here: factSheet, round, amount, leadInvestors, participants, boardMembers, metrics, quotes, ecosystem, useOfFunds, hires, about, pressContact, footnotes, translatorNote, source, newsroom, allNews, pressKit, downloadPdf, otherLanguages, chooseLanguage, byline, feed, skipToContent, backToContent, table, image, logo, logos, notFound, notFoundText, email, phone, page, viewInBrowser, greeting, greetingWithoutName, sampleRecipient, whyReceived, unsubscribe, links, unsubscribeQuestion, unsubscribed, unsubscribedText, unsubscribeInvalid, unsubscribeInvalidText, over, approximately, withUnit, quoteBy, roleAt, credit, withNote, labelled, alongside, search, searchLabel, searchResults, searchNeedsScript, pagination, pageOf, newer, older, archive, yearArchive, atAGlance, legalName, founded, founders, headquarters, employees, industry, website, stockSymbol, social, totalRaised, totalRaisedNote, team, portrait, brandAssets, usage, pixels, downloadAll, downloadAllNote, embargoedUntil, embargoNote, embargoSubject, update, correction, updateOn, pressKitAttached, noAnnouncements.',
  ],
  "token-without-email": [
    false,
    "site.yaml:16:10 error token-without-email (newsletter › unsubscribe › url)",
    "  The unsubscribe address has a {token} but no {email}: the token signs the recipient's address, so the address must be in it too.",
    "  Fix: Add the address, like https://…/unsubscribe?address={email}&token={token}.",
  ],
  "unknown-url-placeholder": [
    false,
    "site.yaml:16:10 error unknown-url-placeholder (newsletter › unsubscribe › url)",
    '  "{emial}" is not a placeholder Herald fills in.',
    "  Fix: Use {email} (the recipient's address), {token} (its signed token, checked by herald unsubscribe-server) or {locale} (the email's language).",
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
    "announcements/launch.en.md:16:1 warning emoji-in-print",
    '  "🚀" (U+1F680) is an emoji: the press kit (PDF) and the social images have no font for emoji and print □ in its place. The web pages and the email show it.',
    "  Fix: Remove it, or say in words what it stands for.",
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
  // Files (issue 9): what may be read and published.
  "link-outside-content": [
    false,
    "assets/notes.txt:1:1 error link-outside-content",
    '  "assets/notes.txt" is a symbolic link to ../../_outside/secret.txt, outside the content folder: Herald reads and publishes nothing from there.',
    "  Fix: Copy the file into the content folder (not into a hidden folder) instead of linking to it, or remove the link.",
  ],
  "link-loop": [
    true,
    "assets/loop:1:1 warning link-loop",
    '  "assets/loop" is a symbolic link to ., a folder Herald already reads as "assets"; Herald skips it.',
    "  Fix: Remove the link, and point to the files by the folder's own name.",
  ],
  "broken-link": [
    true,
    "assets/gone.png:1:1 warning broken-link",
    '  "assets/gone.png" is a symbolic link to missing.png, which does not exist.',
    "  Fix: Point the link to an existing file in the content folder, or remove it.",
  ],
  "not-a-regular-file": [
    false,
    "people.yaml:1:1 error not-a-regular-file",
    '  "people.yaml" is a folder, not a regular file; Herald does not read it.',
    "  Fix: Replace it with a regular file, or remove it.",
  ],
  "file-type-not-allowed": [
    false,
    "announcements/launch.en.md:20:5 error file-type-not-allowed (text)",
    '  "assets/page.html" cannot be published: Herald publishes only images (PNG, JPEG, GIF, WebP, AVIF, SVG), PDF and ZIP files, and .html files are not among them (they could run code on the site).',
    "  Fix: Save it as one of these types (or put it in a ZIP file), or link to where it is published on the web.",
  ],
  "unpublished-file": [
    true,
    "assets/notes.txt:1:1 warning unpublished-file",
    '  "assets/notes.txt" is not published: Herald publishes only images (PNG, JPEG, GIF, WebP, AVIF, SVG), PDF and ZIP files.',
    "  Fix: Remove it from assets/, or save it as one of these types if it should be published.",
  ],
  "wrong-file-content": [
    false,
    "announcements/launch.en.md:18:1 error wrong-file-content (text)",
    '  "assets/chart.png" is not a PNG: its content is HTML.',
    "  Fix: Save the file again as PNG, or give it the extension of what it really is.",
  ],
  "broken-image": [
    false,
    "announcements/launch.en.md:18:1 error broken-image (text)",
    '  "assets/chart.png" is a damaged PNG: it ends in the middle of its IDAT chunk (the file is cut short).',
    "  Fix: Export the image again from the program that made it, or copy it again if a download was cut short.",
  ],
  "image-too-large": [
    false,
    "announcements/launch.en.md:18:1 error image-too-large (text)",
    '  "assets/chart.png" is 20,000×20,000 pixels; Herald accepts at most 10,000 pixels per side and 40 megapixels in all.',
    "  Fix: Scale the image down: 2,000 pixels on the long side is plenty for the web and for print.",
  ],
  "unsafe-svg": [
    false,
    "site.yaml:15:7 error unsafe-svg (logo)",
    '  "assets/logo.svg" contains the attribute onclick="alert(document.cookie)" of <rect> (line 2), which could run code or load files from elsewhere when the SVG is opened.',
    "  Fix: Remove it from the SVG (export a plain SVG without scripts, or a PNG), then try again.",
  ],
  "not-an-image": [
    false,
    "site.yaml:15:7 error not-an-image (logo)",
    '  "assets/kit.pdf" is a PDF file, not an image.',
    "  Fix: Point to a PNG, JPEG, GIF, WebP, AVIF or SVG file here, or link to the file with [text](…) instead.",
  ],
  "hidden-file": [
    false,
    "announcements/launch.en.md:18:1 error hidden-file (text)",
    '  "assets/.chart.gif" is hidden (its name or a folder\'s starts with a dot); Herald never publishes hidden files.',
    "  Fix: Rename the file without the leading dot, and point to the new name.",
  ],
  "unsafe-file-name": [
    true,
    "assets/chart #2.gif:1:1 warning unsafe-file-name",
    '  "assets/chart #2.gif" has a name that does not work in web addresses: it contains the character "#".',
    "  Fix: Rename it with letters, digits, hyphens, underscores and dots only, and point to the new name.",
  ],
  "not-an-announcement": [
    true,
    "announcements/notes.txt:1:1 warning not-an-announcement",
    '  "announcements/notes.txt" is not read: announcements are Markdown files ending in .md.',
    "  Fix: Rename it to end in .md if it is an announcement; otherwise move it out of announcements/.",
  ],
};

// Issue #9 (bad content never gets past the loader): one fixture per failure found.
const hardening: Record<string, [boolean, ...string[]]> = {
  "bad-site-url": [
    false,
    "site.yaml:2:6 error bad-site-url (url)",
    '  The site address "https://news.example.com/?preview=1" has a query (?…) or a fragment (#…); it must be the plain address the site is published at.',
    "  Fix: Write only the address of the site's home page, like https://news.example.com/.",
  ],
  "control-character": [
    false,
    "announcements/launch.en.md:16:17 error control-character",
    "  The text contains an invisible control character (U+0000), which the outputs cannot show.",
    "  Fix: Delete it (it often comes from copying text out of another program); retype the text around it if your editor does not show it.",
  ],
  "date-out-of-range": [
    false,
    "announcements/launch.en.md:5:7 error date-out-of-range (date)",
    '  "0000-01-01" is outside the years Herald accepts for news (1900 to 2100).',
    "  Fix: Check the year: write the date as year-month-day, like 2014-01-22.",
  ],
  "negative-metric": [
    false,
    "announcements/launch.en.md:16:12 error number-out-of-range (metrics › item 1 › value)",
    "  -5 is not allowed here: it must be at least 0.",
    "  Fix: Write a number that is at least 0.",
  ],
  "nested-too-deep": [
    false,
    "announcements/launch.en.md:26:1 error nested-too-deep (text)",
    "  Lists and quotes are nested more than 8 levels deep here; deeper levels cannot be laid out on a page or in an email.",
    "  Fix: Flatten the structure: use fewer levels, or turn the deepest levels into their own paragraphs or list.",
  ],
  "not-finite": [
    false,
    "announcements/launch.en.md:16:12 error not-finite (metrics › item 1 › value)",
    "  This is not an ordinary number (it is .inf, .nan, or too large to store, like 1e400).",
    "  Fix: Write an ordinary number, like 15000000.",
  ],
  "not-utf8": [
    false,
    "organizations.yaml:7:13 error not-utf8",
    "  The file is not saved as UTF-8: the byte 0xE9 here is not UTF-8 text (the file was probably saved as Latin-1 or Windows-1252).",
    "  Fix: Save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8), then check that accented letters still look right.",
  ],
  "too-long": [
    false,
    "announcements/launch.en.md:2:5 error too-long (id)",
    "  This is 328 characters long; at most 64 are allowed here.",
    "  Fix: Shorten it to 64 characters or fewer.",
  ],
  "too-many-decimals": [
    false,
    "announcements/launch.en.md:10:11 error too-many-decimals (funding › amount)",
    "  0.001 has 3 decimals; USD amounts have at most 2.",
    "  Fix: Round it to 2 decimals.",
  ],
  "url-with-credentials": [
    false,
    "site.yaml:2:6 error url-with-credentials (url)",
    '  The address "https://***@news.example.com/" contains a user name or password, which would be published for everyone to read.',
    "  Fix: Remove the user name and password (the part before @) from the address.",
  ],
  "utf-16": [
    false,
    "people.yaml:1:1 error utf-16",
    "  The file is saved as UTF-16; Herald reads only UTF-8.",
    "  Fix: Save the file as UTF-8 (in most editors: Save As, then choose the encoding UTF-8).",
  ],
};

// Mistakes git cannot hold (a FIFO, a file nobody may read, a huge file) or that would break a
// checkout on a case-insensitive disk: made in a copy of _base when the test runs.
const madeAtRuntime: Record<string, [(dir: string) => Promise<void>, boolean, ...string[]]> = {
  "duplicate-file-name": [
    async (dir) => {
      await cp(join(dir, "assets/chart.gif"), join(dir, "assets/Chart.gif"));
    },
    false,
    "announcements/launch.en.md:18:1 error duplicate-file-name (text)",
    '  "assets/chart.gif" and "assets/Chart.gif" differ only in capital letters; many computers and web servers treat them as one file.',
    "  Fix: Rename or remove one of them.",
  ],
  "file-too-large": [
    // Sparse: 101 MB that take no room on disk, and are never read.
    async (dir) => {
      await writeFile(join(dir, "assets/kit.zip"), "");
      await truncate(join(dir, "assets/kit.zip"), 101 * 1024 * 1024);
    },
    false,
    "assets/kit.zip:1:1 error file-too-large",
    '  "assets/kit.zip" is 101 MB; Herald accepts files of at most 100 MB here.',
    "  Fix: Make the file smaller (compress it, or scale the image down), or publish it elsewhere and link to it.",
  ],
  fifo: [
    // Reading a FIFO waits for a writer forever: it must be skipped, not read.
    async (dir) => {
      execFileSync("mkfifo", [join(dir, "assets/pipe.png")]);
    },
    true,
    "assets/pipe.png:1:1 warning not-a-regular-file",
    '  "assets/pipe.png" is a named pipe (FIFO), not a regular file; Herald does not read it.',
    "  Fix: Replace it with a regular file, or remove it.",
  ],
};

/** A copy of _base with one mistake made by `setup`. */
async function runtimeFixture(setup: (dir: string) => Promise<void>): Promise<string> {
  const temp = await mkdtemp(join(tmpdir(), "herald-fixture-"));
  temps.push(temp);
  const dir = join(temp, "content");
  await cp(`${fixtures}_base`, dir, { recursive: true });
  await setup(dir);
  return dir;
}

describe("content diagnostics", () => {
  it("accepts the valid base fixture without a word", async () => {
    const result = await loadContent(`${fixtures}_base`);
    expect(result.diagnostics).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("has a case for every fixture folder", () => {
    const folders = readdirSync(fixtures).filter((name) => !name.startsWith("_"));
    expect([...Object.keys(expected), ...Object.keys(hardening)].sort()).toEqual(folders.sort());
  });

  for (const [name, [ok, ...lines]] of Object.entries(expected)) {
    it(`reports ${name} with its place, its cause and its fix`, async () => {
      const result = await loadContent(`${fixtures}${name}`);
      const text = result.diagnostics.map((d) => formatDiagnostic(d)).join("\n");
      expect(text).toBe(lines.join("\n"));
      expect(result.ok).toBe(ok);
    });
  }

  for (const [name, [ok, ...lines]] of Object.entries(hardening)) {
    it(`#9: reports ${name} with its place, its cause and its fix`, async () => {
      const result = await loadContent(`${fixtures}${name}`);
      const text = result.diagnostics.map((d) => formatDiagnostic(d)).join("\n");
      expect(text).toBe(lines.join("\n"));
      expect(result.ok).toBe(ok);
    });
  }

  for (const [name, [setup, ok, ...lines]] of Object.entries(madeAtRuntime)) {
    it(`#9: reports ${name} (made when the test runs) with its place, its cause and its fix`, async () => {
      const result = await loadContent(await runtimeFixture(setup));
      const text = result.diagnostics.map((d) => formatDiagnostic(d)).join("\n");
      expect(text).toBe(lines.join("\n"));
      expect(result.ok).toBe(ok);
    });
  }

  it("#9: reports a 10 MB announcement as too large, quickly, without reading it", async () => {
    const dir = await copyOfBase();
    const file = join(dir, "announcements", "launch.en.md");
    const text = await readFile(file, "utf8");
    await writeFile(file, `${text}\n${"All *work* and no play. ".repeat(437_000)}\n`);
    const started = performance.now();
    const result = await loadContent(dir);
    expect(performance.now() - started).toBeLessThan(HANG_BOUND_MS);
    expect(result.diagnostics.map((d) => formatDiagnostic(d)).join("\n")).toBe(
      [
        "announcements/launch.en.md:1:1 error file-too-large",
        '  "announcements/launch.en.md" is 10 MB; Herald accepts files of at most 8 MB here.',
        "  Fix: Split the text into several announcements, or remove what does not belong in it (save pictures in assets/).",
      ].join("\n"),
    );
    seenElsewhere.add("file-too-large");
    await rm(dir, { recursive: true });
  });

  it("#9: reads a long organizations.yaml (the size limit is for Markdown, not lists)", async () => {
    const dir = await copyOfBase();
    const file = join(dir, "organizations.yaml");
    const more = Array.from(
      { length: 20_000 },
      (_, i) => `- id: investor-${i}\n  name: Investor number ${i} of a long list\n`,
    ).join("");
    await writeFile(file, `${await readFile(file, "utf8")}${more}`);
    expect(more.length).toBeGreaterThan(1024 * 1024);
    const result = await loadContent(dir);
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.ok && result.content.organizations.length).toBeGreaterThan(20_000);
    await rm(dir, { recursive: true });
  });

  it("#9: reports a file it may not read as unreadable-file, without a crash", async () => {
    const dir = await runtimeFixture(async (dir) => {
      await chmod(join(dir, "assets/chart.gif"), 0o000);
      await chmod(join(dir, ".."), 0o755);
    });
    // Root reads everything: load as nobody then (a real process, a real permission check).
    const script = `import(${JSON.stringify(new URL("../dist/index.js", import.meta.url).href)}).then(async (m) => { const r = await m.loadContent(${JSON.stringify(dir)}); console.log(r.diagnostics.map((d) => m.formatDiagnostic(d)).join("\\n")); })`;
    const asNobody =
      process.getuid?.() === 0
        ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        : [];
    const [command = "", ...args] = [
      ...asNobody,
      process.execPath,
      "--input-type=module",
      "-e",
      script,
    ];
    const output = execFileSync(command, args, { encoding: "utf8" });
    expect(output).toBe(
      [
        "announcements/launch.en.md:18:1 error unreadable-file (text)",
        '  Herald cannot read "assets/chart.gif": permission denied.',
        "  Fix: Make the file readable for the user who runs Herald (chmod a+r), or remove it.",
        "",
      ].join("\n"),
    );
  });

  it("#12: warns senders, and only them, of a newsletter without a one-click unsubscribe address or a postal address", async () => {
    const result = await loadContent(`${fixtures}_base`);
    if (!result.ok) throw new Error("the base fixture must load");
    // A build sends nothing: these are not among the diagnostics every command prints.
    expect(result.diagnostics).toEqual([]);
    expect(result.content.sending.map((d) => formatDiagnostic(d, "").split("\n"))).toEqual([
      [
        "site.yaml:12:3 warning no-one-click-unsubscribe (newsletter)",
        "  The newsletter has no one-click unsubscribe address: Gmail and Yahoo expect one from bulk senders, and may send the newsletter to spam without it (emails get a mailto: unsubscribe meanwhile).",
        "  Fix: Add unsubscribe: { url: https://…/unsubscribe?address={email}&token={token} } under newsletter, and run herald unsubscribe-server there (see Sending responsibly in the README).",
      ],
      [
        "site.yaml:12:3 warning no-postal-address (newsletter)",
        "  The newsletter has no postal address: the law asks commercial mail to show the sender's (CAN-SPAM and most national rules), so herald send refuses to send by SMTP without it.",
        "  Fix: Add postalAddress: under newsletter, with the company's street address (one text, or one per language).",
      ],
    ]);
  });

  it("#12: warns senders of one-click unsubscribe addresses that cannot work", async () => {
    const cases: Array<[string, string]> = [
      [
        "http://news.example.com/unsubscribe?address={email}&token={token}",
        "insecure-unsubscribe-url",
      ],
      ["https://news.example.com/unsubscribe", "one-click-without-recipient"],
    ];
    for (const [url, code] of cases) {
      const dir = await copyOfBase();
      const site = join(dir, "site.yaml");
      await writeFile(
        site,
        `${await readFile(site, "utf8")}  unsubscribe:\n    url: "${url}"\n  postalAddress: 1 Example Street, Springfield\n`,
      );
      const result = await loadContent(dir);
      if (!result.ok) throw new Error(`${url} must load`);
      expect(result.diagnostics, url).toEqual([]);
      expect(
        result.content.sending.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}`),
        url,
      ).toEqual([`site.yaml:16 warning ${code}`]);
      seenElsewhere.add(code);
      await rm(dir, { recursive: true });
    }
  });

  it("has a fixture for every entry of the catalogue", async () => {
    const seen = new Set<string>([...seenElsewhere, "unreadable-file"]);
    for (const name of [...Object.keys(expected), ...Object.keys(hardening), "_base"]) {
      const result = await loadContent(`${fixtures}${name}`);
      for (const d of [...result.diagnostics, ...(result.ok ? result.content.sending : [])])
        seen.add(d.code);
    }
    for (const [setup] of Object.values(madeAtRuntime)) {
      const result = await loadContent(await runtimeFixture(setup));
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
