import type { Address, Company, Content } from "@herald/model";
import { type Html, html } from "./html.js";
import { BRAND_COLOR, ICON_SIZE, initialOf } from "./icons.js";
import { CARD_HEIGHT, CARD_WIDTH, siteCardAddress } from "./social-image.js";

// The company's identity in every page: the mark in the header, the icons and the social card
// in the head, and a title that names the company once.

/**
 * The <title> ("Newsroom · Docker, Inc.") and the page's own title for og:title and
 * twitter:title ("Newsroom"; og:site_name names the company). A title given with the company
 * already after it, or that is the company's name, keeps it once.
 */
export function pageTitle(given: string, company: string): { title: string; ownTitle: string } {
  const suffix = ` · ${company}`;
  let own = given;
  while (own.endsWith(suffix) && own.length > suffix.length) own = own.slice(0, -suffix.length);
  return { title: own === company ? company : `${own}${suffix}`, ownTitle: own };
}

/** The icons of the site, linked from a page (`link` makes the page's links). */
export function iconLinks(company: Company, link: (to: Address) => string): Html {
  const { brand } = company;
  return html`<link rel="icon" href="${link(brand.favicon)}" sizes="16x16 32x32 48x48">
<link rel="icon" href="${link(brand.icon)}" type="image/png" sizes="${ICON_SIZE}x${ICON_SIZE}">
<link rel="apple-touch-icon" href="${link(brand.appleTouchIcon)}">
`;
}

/** og:image and the large Twitter card: the page's own picture, else the site's card. */
export function socialImageTags(
  content: Content,
  locale: string,
  company: Company,
  image: { address: Address; alt: string } | undefined,
): Html {
  const { address, alt } = image ?? {
    address: siteCardAddress(content, locale),
    alt: company.words.labelled(company.name, company.words.newsroom),
  };
  // Absolute: a crawler reads these without the page's address to resolve them against.
  return html`<meta property="og:image" content="${address.url}">
<meta property="og:image:type" content="image/png">
<meta property="og:image:width" content="${CARD_WIDTH}">
<meta property="og:image:height" content="${CARD_HEIGHT}">
<meta property="og:image:alt" content="${alt}">
<meta name="twitter:card" content="summary_large_image">
<meta name="twitter:image" content="${address.url}">
<meta name="twitter:image:alt" content="${alt}">
`;
}

/** An SVG logo up to this size is linked as it is: sharp at any zoom, and light to load. */
export const HEADER_SVG_MAX_BYTES = 16 * 1024;

/** Formats the build draws into logo.png (icons.ts); any other is linked as it is. */
const DRAWN = new Set(["svg", "png", "jpeg", "gif"]);

/**
 * The picture the header shows: a small SVG logo itself; any other logo (a large SVG, a
 * photo-sized PNG) as the logo.png the build makes from it, 160 pixels high, since every page
 * loads the header's picture.
 */
export function headerLogo(
  content: Content,
  company: Company,
): { src: Address; size?: { width: number; height: number } } | undefined {
  const { logo } = company;
  if (!logo) return undefined;
  const file = content.files[logo.asset];
  const size = logo.size ?? file?.size;
  const small = file?.format === "svg" && file.bytes <= HEADER_SVG_MAX_BYTES;
  if (small || !file || !DRAWN.has(file.format)) return { src: logo.src, ...(size && { size }) };
  const { png } = company.brand;
  return { src: png.src, size: { width: png.width, height: png.height } };
}

/**
 * The company's mark in the header: the logo with the company's name as its text alternative;
 * beside it the name for the eye (hidden from screen readers, which read the logo's), unless
 * the logo is wide enough to be a wordmark that shows the name itself. Without a logo, a
 * monogram of the initial beside the name.
 */
export function brandMark(content: Content, company: Company, link: (to: Address) => string): Html {
  const logo = headerLogo(content, company);
  // dir="auto": the name in its own direction, whatever the page's ("Docker, Inc." keeps its
  // final stop last on an Arabic page).
  const name = html`<span class="brand-name" dir="auto"${logo ? html` aria-hidden="true"` : ""}>${company.name}</span>`;
  if (!logo) {
    const initial = initialOf(content.site.name, content.site.defaultLocale);
    return html`<span class="monogram" aria-hidden="true">${initial}</span>${name}`;
  }
  // The drawn shape (an SVG's too), so the page keeps its place before the image arrives.
  const { size } = logo;
  const wordmark = size ? size.width / size.height > 2 : false;
  return html`<img class="logo" src="${link(logo.src)}" alt="${company.name}"${
    size ? html` width="${size.width}" height="${size.height}"` : ""
  }>${wordmark ? "" : name}`;
}

/** The header mark's rules, appended to the site's stylesheet. */
export const identityCss = `/* The company's mark: never taller than the header's line of links. */
header.site .wrap { align-items: center; }
.brand { display: inline-flex; align-items: center; gap: 0.6rem; }
.brand .logo { height: 2.25rem; width: auto; max-width: min(14rem, 50vw); object-fit: contain; }
.brand .monogram { display: inline-flex; align-items: center; justify-content: center; flex-shrink: 0;
  width: 2.25rem; height: 2.25rem; border-radius: 0.5rem; background: ${BRAND_COLOR}; color: #fff;
  font-size: 1.3rem; line-height: 1; forced-color-adjust: none; }
/* A logo drawn for white paper stays visible on a dark page: a light plate behind it. */
@media (prefers-color-scheme: dark) {
  .brand .logo { background: #f6f8fa; border-radius: 0.4rem; padding: 0.15rem; }
}
`;
