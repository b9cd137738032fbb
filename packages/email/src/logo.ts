import { type AnnouncementDocument, directionOfText, escapeHtml } from "@herald/model";

// The top of the email: the company's logo, and the way to the page in a browser. The logo is
// the PNG the website build makes from site.yaml's `logo` (many mail clients show no SVG), at
// its absolute address: an email has no base address to be relative to.
//
// Without a logo the company's name stands there as text, as it did before issue 13. The site
// draws a monogram (the initial in a square) for browsers' tab icons; in an email it would say
// less than the name it stands for, Outlook and others block it until the reader allows images
// (showing only its alt text, the name, anyway), and every image is one more request to the
// sender's server and a little more picture than text for spam filters. The name as text reads
// in every client, in the email's own faces.

/** The height the logo is shown at, in CSS pixels (its PNG is four times that: sharp on any screen). */
export const LOGO_HEIGHT = 40;
/** The widest the logo is shown: a very wide logo is shown lower, to leave room on a phone. */
export const LOGO_MOST_WIDTH = 200;

/** The logo's size in the email: 40 px high and as wide as its shape, within 200 × 40. */
export function logoSize(png: { width: number; height: number }): {
  width: number;
  height: number;
} {
  const ratio = png.width / png.height;
  const width = Math.min(LOGO_MOST_WIDTH, Math.round(LOGO_HEIGHT * ratio));
  return { width, height: Math.round(width / ratio) };
}

/** The logo's own rules in dark mode: a light chip behind it, as logos are drawn for white. */
export const logoCss = {
  dark: "  .logo { background-color: #ffffff !important; padding: 4px 6px !important; border-radius: 6px !important; }\n  .top-name-text { color: #e6edf3 !important; }",
};

/** A logo at least this many times as wide as high is a wordmark: it says the name itself. */
export const WORDMARK_RATIO = 3;

/**
 * The cell content of the top row: the logo and the browser link side by side, or, without a
 * logo, "Company · View in your browser". A mark (a logo less than three times as wide as
 * high) has the company's name beside it as text: read with images blocked too, where an alt
 * text is cut to the image's box ("Doc" of "Docker, Inc." in 40 px). The mark is then
 * decoration (alt=""), so the name is not read out twice. A wordmark stands alone, the name
 * its alt text, set small enough to fit its box when images are blocked.
 */
export function topRow(document: AnnouncementDocument, start: "left" | "right"): string {
  const { company, words } = document;
  // Under embargo the page does not exist yet, nor, for all Herald knows, the logo's PNG on
  // the site: the name as text, as without a logo, and no way to a browser.
  if (document.embargo) return escapeHtml(company.name);
  const browser = `<a href="${escapeHtml(document.page.url)}">${escapeHtml(words.viewInBrowser)}</a>`;
  if (!company.logo) return `${escapeHtml(company.name)} · ${browser}`;
  const { png } = company.brand;
  const { width, height } = logoSize(png);
  const end = start === "left" ? "right" : "left";
  const wordmark = png.width / png.height >= WORDMARK_RATIO;
  const alt = wordmark ? escapeHtml(company.name) : "";
  // Where clients draw the alt text, it takes the image's style: a name's weight, at a size
  // that fits a wordmark's box.
  const image = `<img class="logo" src="${escapeHtml(png.src.url)}" alt="${alt}" width="${width}" height="${height}" border="0" style="display:block;width:${width}px;height:${height}px;border:0;text-decoration:none;font-size:12px;font-weight:bold;line-height:${height}px;color:#1b1f24">`;
  // The name in its own direction: "Docker, Inc." on an Arabic email keeps its stop last.
  const name = wordmark
    ? ""
    : `<td class="top-name" align="${start}" valign="middle" style="padding-${start}:10px;text-align:${start}"><span class="top-name-text" dir="${directionOfText(company.name, document.direction)}" style="font-size:16px;font-weight:bold;color:#1b1f24">${escapeHtml(company.name)}</span></td>`;
  return `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" dir="${document.direction}"><tr><td class="top-logo" align="${start}" valign="middle" width="${width}" style="width:${width}px">${image}</td>${name}<td class="top-link" align="${end}" valign="middle" style="text-align:${end};padding-${start}:12px">${browser}</td></tr></table>`;
}
