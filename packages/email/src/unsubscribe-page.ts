import { createHash } from "node:crypto";
import {
  type ContentWords,
  directionOf,
  escapeHtml,
  languageOf,
  nearestLocale,
  type Site,
  wordsFor,
  writtenAlike,
} from "@herald/model";
import { fontFamilyFor } from "./fonts.js";

// The pages of the unsubscribe server, in the reader's language: the confirmation an
// unsubscribe link opens (one button, since a GET never unsubscribes), the page once it is
// done, and the page for a link whose signature does not match. Their words are Herald's
// (words/keys.ts), so a content folder's labels.yaml changes them like any other.

export type PageKind = "confirm" | "done" | "invalid";

/** Which of the site's locales a request is answered in. */
export function chooseLocale(
  site: Pick<Site, "locales" | "defaultLocale">,
  fromUrl: string | undefined,
  acceptLanguage: string | undefined,
): string {
  // {locale} is the language the email was in: the reader's choice, if it is one of the site's.
  const named = fromUrl && site.locales.find((l) => l.toLowerCase() === fromUrl.toLowerCase());
  if (named) return named;
  for (const range of acceptedLanguages(acceptLanguage)) {
    const found =
      site.locales.find((l) => l.toLowerCase() === range.toLowerCase()) ??
      site.locales.find((l) => writtenAlike(l, range)) ??
      nearestLocale(site.locales, range, site);
    // nearestLocale ends with the default locale: only a match of the language counts here.
    if (found && languageOf(found) !== undefined && languageOf(found) === languageOf(range))
      return found;
  }
  return site.defaultLocale;
}

/** The language ranges of an Accept-Language header, most wanted first (q=0 left out). */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(",")
    .slice(0, 32)
    .map((part, index) => {
      const [range = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find(Boolean);
      return { range: range.trim(), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.range !== "" && r.range !== "*" && r.q > 0 && /^[A-Za-z0-9-]+$/.test(r.range))
    .sort((a, b) => b.q - a.q || a.index - b.index)
    .map((r) => r.range);
}

export interface PageInput {
  kind: PageKind;
  locale: string;
  site: Pick<Site, "name">;
  words: ContentWords;
  /** The address the link names (confirm, done). */
  email?: string;
}

export interface Page {
  html: string;
  /** The same words as plain text, for clients that do not take HTML. */
  text: string;
  /** The CSP source of the page's one inline style: 'sha256-…'. */
  styleHash: string;
}

// Stand for the address and (in right-to-left text) the company while the words are
// formatted: each is set apart with <bdi> afterwards, so "Docker, Inc." keeps its final stop
// and an address reads left to right inside Arabic or Hebrew text. In left-to-right text the
// company's own name is formatted, so Chinese spaces it only when it is Latin.
const ADDRESS = "\ue000";
const COMPANY = "\ue001";
/** First strong isolate … pop directional isolate: <bdi> for plain text. */
const isolated = (text: string) => `\u2068${text}\u2069`;

const styleFor = (locale: string) => `:root{color-scheme:light dark}
body{margin:0;font-family:${fontFamilyFor(locale)};line-height:1.5;background:#f4f5f7;color:#1b1f24}
main{box-sizing:border-box;max-width:34rem;margin:12vh auto 0;padding:2rem 1.5rem;background:#fff;border-radius:12px}
h1{font-size:1.375rem;line-height:1.35;margin:0 0 1rem}
p{margin:0}
.address{overflow-wrap:anywhere;font-weight:600}
button{font:inherit;font-weight:600;margin-top:.5rem;padding:.75rem 1.5rem;min-height:44px;border:0;border-radius:8px;background:#0b5cad;color:#fff;cursor:pointer}
button:focus-visible{outline:3px solid #f2a900;outline-offset:2px}
@media (prefers-color-scheme:dark){body{background:#0d1117;color:#e6edf3}main{background:#161b22}button{background:#4493f8;color:#0d1117}}
@media (max-width:30rem){main{margin:0;border-radius:0;min-height:100vh}}`;

/** One of the server's pages in `locale`, everything from the request escaped. */
export function unsubscribePage(input: PageInput): Page {
  const { kind, locale, site, words: contentWords } = input;
  const words = wordsFor(locale, contentWords);
  const rtl = directionOf(locale) === "rtl";
  const email = input.email ?? "";
  const company = rtl ? COMPANY : site.name;
  const html = (message: string) =>
    escapeHtml(message)
      .split(ADDRESS)
      .join(`<bdi class="address" dir="ltr">${escapeHtml(email)}</bdi>`)
      .split(COMPANY)
      .join(`<bdi>${escapeHtml(site.name)}</bdi>`)
      .replace(/\n/g, "<br>");
  // Plain text: the same isolation with Unicode's isolate marks.
  const plain = (message: string) =>
    message
      .split(ADDRESS)
      .join(rtl ? isolated(email) : email)
      .split(COMPANY)
      .join(isolated(site.name));
  let heading: string;
  let body: string;
  let text: string;
  if (kind === "confirm") {
    heading = html(words.unsubscribeQuestion(ADDRESS, company));
    // The form posts to this very URL (no action): path, token and address as the email gave them.
    body = `<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${escapeHtml(words.unsubscribe)}</button></form>`;
    text = plain(words.unsubscribeQuestion(ADDRESS, company));
  } else if (kind === "done") {
    heading = escapeHtml(words.unsubscribed);
    body = `<p>${html(words.unsubscribedText(ADDRESS, company))}</p>`;
    text = `${words.unsubscribed}\n\n${plain(words.unsubscribedText(ADDRESS, company))}`;
  } else {
    heading = escapeHtml(words.unsubscribeInvalid);
    body = `<p>${html(words.unsubscribeInvalidText(company))}</p>`;
    text = `${words.unsubscribeInvalid}\n\n${plain(words.unsubscribeInvalidText(company))}`;
  }
  // The title is the heading as text (a title cannot hold <bdi>: isolate marks instead).
  const title = escapeHtml(text.split("\n")[0] ?? "");
  const style = styleFor(locale);
  const page = `<!doctype html>
<html lang="${escapeHtml(locale)}" dir="${directionOf(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>${heading}</h1>
${body}
</main>
</body>
</html>
`;
  return {
    html: page,
    text: `${text}\n`,
    styleHash: `'sha256-${createHash("sha256").update(style).digest("base64")}'`,
  };
}
