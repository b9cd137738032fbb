import { readdir, readFile } from "node:fs/promises";
import { join, posix } from "node:path";
import {
  type AnnouncementDocument,
  type Company,
  type Content,
  SITE_FOLDER,
  siteUrl,
} from "@herald/model";
import { announcementCard, cardDigest, digestOfCard } from "@herald/web/card";
import { decodeHTML } from "entities";
import { crc32, readPng, readZip } from "./verify-files.js";
import { OutputText, short, squeeze } from "./verify-text.js";

// The site's own pages checked against the documents (issue 13): the newsroom's entries (date
// and headline figure) on every page of the list and in each year's archive, each
// announcement's social image and the tags that point at it, and the press-kit page (total
// raised, company facts, team) with its ZIP. Each problem names the built file, the place and
// what was expected and found.

export type SiteOutput = "newsroom" | "social image" | "press-kit page";
export type Report = (output: SiteOutput, check: "facts" | "links", problem?: string) => void;

/** The size og:image promises (the social image's). */
export const CARD = { width: 1200, height: 630 };

const textOf = (html: string) =>
  decodeHTML(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " "))
    .replace(/\s+/g, " ")
    .trim();

/** Whether two texts read the same: spaces (no-break ones too) and invisible controls aside. */
const same = (a: string, b: string) => {
  const plain = (t: string) => t.replace(/[\s\p{Cf}]+/gu, "");
  return plain(a) === plain(b);
};

/** What stands after `label` in `text`, for a message: what the reader finds there instead. */
function after(text: string, label: string): string {
  const at = text.indexOf(label);
  if (at < 0) return `no "${short(label)}"`;
  return short(text.slice(at + label.length).replace(/^[\s:：]+/, "")) || "nothing";
}

/** The page files of a site folder's path, read once for every announcement. */
export class SitePages {
  private readonly cache = new Map<string, Promise<string | undefined>>();
  constructor(private readonly out: string) {}

  /** The HTML of `file` (relative to OUT), or undefined when there is none. */
  read(file: string): Promise<string | undefined> {
    let page = this.cache.get(file);
    if (!page) {
      page = readFile(join(this.out, file), "utf8").catch(() => undefined);
      this.cache.set(file, page);
    }
    return page;
  }

  /** The newsroom's list pages of a locale: its first page, then page/2/, page/3/, … */
  async listPages(locale: string): Promise<string[]> {
    const numbered = await readdir(join(this.out, SITE_FOLDER, locale, "page")).catch(() => []);
    return [
      `${SITE_FOLDER}/${locale}/index.html`,
      ...numbered
        .filter((n) => /^\d+$/.test(n))
        .sort((a, b) => Number(a) - Number(b))
        .map((n) => `${SITE_FOLDER}/${locale}/page/${n}/index.html`),
    ];
  }
}

interface Entry {
  href: string;
  html: string;
}

const entriesOf = (html: string): Entry[] =>
  [...html.matchAll(/<li class="entry"[^>]*>([\s\S]*?)<\/li>/g)].map((m) => {
    const body = m[1] ?? "";
    return { href: decodeHTML(/<h2>\s*<a href="([^"]*)"/.exec(body)?.[1] ?? ""), html: body };
  });

/** The address of a built page file, as a browser resolves its links against. */
const pageUrl = (content: Content, file: string) =>
  siteUrl(
    content.site,
    file
      .slice(SITE_FOLDER.length + 1)
      .replace(/index\.html$/, "")
      .split("/")
      .map(encodeURIComponent)
      .join("/"),
  );

/** The one entry of `d` on a list page, or a problem saying it is not there. */
function entryOf(content: Content, file: string, html: string, d: AnnouncementDocument) {
  return entriesOf(html).find((e) => {
    try {
      return new URL(e.href, pageUrl(content, file)).href === d.page.url;
    } catch {
      return false;
    }
  });
}

/** The entry's date and headline figure, as the document gives them. */
function entryProblems(file: string, entry: Entry, d: AnnouncementDocument): string[] {
  const problems: string[] = [];
  const place = `${file}: the entry of "${short(d.title)}"`;
  const time = /<time datetime="([^"]*)"[^>]*>([\s\S]*?)<\/time>/.exec(entry.html);
  const shown = time ? `${time[1]} "${textOf(time[2] ?? "")}"` : "no date";
  if (!time || time[1] !== d.date.iso || !same(textOf(time[2] ?? ""), d.date.text))
    problems.push(`${place}: date: expected ${d.date.iso} "${d.date.text}", found ${shown}`);
  const headline = /<dl class="headline">\s*<dt>([\s\S]*?)<\/dt>\s*<dd>([\s\S]*?)<\/dd>/.exec(
    entry.html,
  );
  const found = headline ? `"${textOf(headline[1] ?? "")}: ${textOf(headline[2] ?? "")}"` : "none";
  if (d.headline) {
    const expected = `"${d.headline.label}: ${d.headline.text}"`;
    if (!same(found, expected))
      problems.push(`${place}: headline figure: expected ${expected}, found ${found}`);
  } else if (headline) problems.push(`${place}: headline figure: expected none, found ${found}`);
  return problems;
}

/**
 * The announcement's entry in the newsroom's list (on one of its pages) and in its year's
 * archive: there, linking to its page, with its date and headline figure.
 */
export async function checkNewsroom(
  content: Content,
  pages: SitePages,
  d: AnnouncementDocument,
  report: Report,
) {
  const year = d.date.iso.slice(0, 4);
  const archive = `${SITE_FOLDER}/${d.locale}/${year}/index.html`;
  const lists = await pages.listPages(d.locale);
  let listed = false;
  for (const file of [...lists, archive]) {
    const html = await pages.read(file);
    if (html === undefined) {
      if (file === archive) report("newsroom", "links", `${file} (the ${year} archive) is missing`);
      continue;
    }
    const entry = entryOf(content, file, html, d);
    if (!entry) {
      if (file === archive)
        report(
          "newsroom",
          "links",
          `${file}: no entry links to "${short(d.title)}" (${d.page.url})`,
        );
      continue;
    }
    if (file !== archive) listed = true;
    for (const problem of entryProblems(file, entry, d)) report("newsroom", "facts", problem);
  }
  if (!listed)
    report(
      "newsroom",
      "links",
      `no page of the newsroom's list (${lists.join(", ")}) has an entry linking to "${short(d.title)}" (${d.page.url})`,
    );
  report("newsroom", "facts");
  report("newsroom", "links");
}

/** The page's og:/twitter: tags, by name. */
const metaOf = (html: string) => {
  const tags = new Map<string, string[]>();
  for (const m of html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)"/g)) {
    const name = m[1] ?? "";
    tags.set(name, [...(tags.get(name) ?? []), decodeHTML(m[2] ?? "")]);
  }
  return tags;
};

/**
 * The announcement's social image: a whole PNG of 1200×630 at the document's address, and
 * its page's og:image and Twitter tags pointing at it with its size and text alternative.
 */
export async function checkSocialImage(
  out: string,
  pages: SitePages,
  d: AnnouncementDocument,
  report: Report,
) {
  await checkCard(out, d.socialImage.file, report, cardDigest(announcementCard(d)));
  const html = await pages.read(d.page.file);
  if (html === undefined) return; // told as a missing page already
  checkCardTags(
    d.page.file,
    html,
    d.socialImage.url,
    d.words.labelled(d.company.name, d.title),
    report,
  );
}

/**
 * A social image file: there, a whole PNG, 1200×630, and, for an announcement's, drawn for
 * its words (the digest its PNG carries is `digest`: not another page's or language's card).
 */
async function checkCard(out: string, file: string, report: Report, digest?: string) {
  const bytes = await readFile(join(out, file)).catch(() => undefined);
  if (!bytes) report("social image", "facts", `${file} is missing; run herald build again`);
  else {
    const png = readPng(bytes);
    if ("problem" in png) report("social image", "facts", `${file} ${png.problem}`);
    else if (png.width !== CARD.width || png.height !== CARD.height)
      report(
        "social image",
        "facts",
        `${file}: size: expected ${CARD.width}×${CARD.height}, found ${png.width}×${png.height}`,
      );
    else if (digest && digestOfCard(bytes) !== digest)
      report(
        "social image",
        "facts",
        `${file}: drawn for other words than this announcement's (another page's or language's card); run herald build again`,
      );
  }
  report("social image", "facts");
}

/** The og:image and Twitter tags of a page: `url`, its size and `alt`, once each. */
function checkCardTags(
  file: string,
  html: string,
  url: string,
  alt: string | undefined,
  report: Report,
) {
  const tags = metaOf(html);
  for (const [name, expected] of [
    ["og:image", url],
    ["og:image:type", "image/png"],
    ["og:image:width", String(CARD.width)],
    ["og:image:height", String(CARD.height)],
    ["og:image:alt", alt],
    ["twitter:card", "summary_large_image"],
    ["twitter:image", url],
    ["twitter:image:alt", alt],
  ] as const) {
    const found = tags.get(name) ?? [];
    // A page's own alt text is not the document's to say (the site card's): there, not empty.
    const fits = expected === undefined ? found[0]?.trim() : found[0] === expected;
    if (found.length !== 1 || !fits)
      report(
        "social image",
        "links",
        `${file}: <meta ${name}>: expected ${expected === undefined ? "a text" : `"${expected}"`}, found ${
          found.length ? found.map((f) => `"${f}"`).join(", ") : "none"
        }`,
      );
  }
  report("social image", "links");
}

/**
 * The press-kit page of `company`'s language: the total raised per currency, the company
 * facts of site.yaml, the team; and its ZIP, holding this language's press kits, the logo,
 * the brand assets and the team's photos, each as the site publishes it.
 */
export async function checkPressKitPage(
  out: string,
  pages: SitePages,
  company: Company,
  documents: readonly AnnouncementDocument[],
  report: Report,
) {
  const zip = company.pressKitZip;
  const file = posix.join(posix.dirname(zip.file), "index.html");
  const html = await pages.read(file);
  if (html === undefined) {
    report("press-kit page", "facts", `${file} is missing; run herald build again`);
    return;
  }
  const plain = textOf(html.replace(/<head>[\s\S]*?<\/head>/i, ""));
  const text = new OutputText(plain);
  const { words } = company;
  if (company.raised) {
    const { raised } = company;
    // The total's own element says the total and nothing more ("… $900M" added is told).
    const shown = html.match(/<p class="raised-value">([\s\S]*?)<\/p>/)?.[1];
    if (
      !text.row([words.totalRaised, raised.text]) ||
      !raised.amounts.every((a) => text.has(a.text)) ||
      shown === undefined ||
      squeeze(textOf(shown)) !== squeeze(raised.text)
    )
      report(
        "press-kit page",
        "facts",
        `${file}: ${words.totalRaised}: expected "${raised.text}", found "${shown === undefined ? after(plain, words.totalRaised) : short(textOf(shown).trim())}"`,
      );
    else if (!text.inOrder([raised.text, raised.note]))
      report(
        "press-kit page",
        "facts",
        `${file}: ${words.totalRaised}: expected the note "${raised.note}", found "${after(plain, raised.text)}"`,
      );
  } else if (text.has(words.totalRaised))
    report(
      "press-kit page",
      "facts",
      `${file}: ${words.totalRaised}: expected none (no funding announcement), found "${after(plain, words.totalRaised)}"`,
    );
  for (const fact of company.facts) {
    const values = fact.values.map((v) => v.text);
    if (!text.row([fact.label, ...values]))
      report(
        "press-kit page",
        "facts",
        `${file}: ${fact.label}: expected "${short(values.join(", "))}", found "${after(plain, fact.label)}"`,
      );
  }
  for (const member of company.team) {
    const said = [member.person.name, member.person.detail, member.bio ?? ""];
    if (!text.inOrder(said))
      report(
        "press-kit page",
        "facts",
        `${file}: ${words.team}: expected "${short(said.filter(Boolean).join(" — "))}", found "${after(plain, member.person.name)}"`,
      );
  }
  report("press-kit page", "facts");

  // The ZIP: linked from the page, and holding each file as the site publishes it.
  const name = posix.basename(zip.path);
  const linked = [...html.matchAll(/\shref="([^"]*)"/g)].some((m) => {
    try {
      return decodeURIComponent(decodeHTML(m[1] ?? "")) === name;
    } catch {
      return false;
    }
  });
  if (!linked) report("press-kit page", "links", `${file}: no link to the ZIP ${name}`);
  const bytes = await readFile(join(out, zip.file)).catch(() => undefined);
  if (!bytes) {
    report("press-kit page", "links", `${zip.file} is missing; run herald build again`);
    return;
  }
  const entries = readZip(bytes);
  if ("problem" in entries) {
    report("press-kit page", "links", `${zip.file} ${entries.problem}`);
    return;
  }
  const wanted = [
    ...documents.map((d) => ({
      folder: "press-kits/",
      file: d.pdf.file,
      what: `the press kit of "${short(d.title)}"`,
    })),
    ...(company.logo ? [{ folder: "brand/", file: company.logo.src.file, what: "the logo" }] : []),
    ...company.brandAssets.map((b) => ({
      folder: "brand/",
      file: b.file.src.file,
      what: `the brand asset "${short(b.title)}"`,
    })),
    ...company.team.flatMap((m) =>
      m.photo
        ? [{ folder: "team/", file: m.photo.src.file, what: `the photo of ${m.person.name}` }]
        : [],
    ),
  ];
  const names = entries.map((e) => e.name);
  const have = names.length
    ? names.slice(0, 6).join(", ") + (names.length > 6 ? `, … (${names.length} files)` : "")
    : "nothing";
  for (const w of wanted) {
    const source = await readFile(join(out, w.file)).catch(() => undefined);
    if (!source) continue; // a missing PDF or asset is told where it is linked
    const crc = crc32(source);
    if (
      !entries.some((e) => e.name.startsWith(w.folder) && e.size === source.length && e.crc === crc)
    )
      report(
        "press-kit page",
        "links",
        `${zip.file}: expected ${w.what} (${w.file}, ${source.length} bytes) in ${w.folder}, found ${have}`,
      );
  }
  report("press-kit page", "links");
}

/**
 * The site's card of a language, on its newsroom and press-kit pages (which have no image of
 * their own): each page's og:image leads to a whole 1200×630 PNG of the build.
 */
export async function checkSiteCards(
  content: Content,
  out: string,
  pages: SitePages,
  locale: string,
  report: Report,
) {
  const base = siteUrl(content.site);
  const cards = new Set<string>();
  for (const file of [
    `${SITE_FOLDER}/${locale}/index.html`,
    `${SITE_FOLDER}/${locale}/press-kit/index.html`,
  ]) {
    const html = await pages.read(file);
    if (html === undefined) continue; // told where the page is checked
    const url = metaOf(html).get("og:image")?.[0] ?? "";
    if (!url.startsWith(base)) {
      report(
        "social image",
        "links",
        `${file}: <meta og:image>: expected an image of the site (${base}…), found "${url}"`,
      );
      continue;
    }
    checkCardTags(file, html, url, undefined, report);
    cards.add(`${SITE_FOLDER}/${decodeURIComponent(url.slice(base.length))}`);
  }
  // Each card once, however many pages show it.
  for (const card of cards) await checkCard(out, card, report);
}
