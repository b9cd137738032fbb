import {
  type AnnouncementDocument,
  around,
  type BrandAsset,
  type Company,
  type CompanyFact,
  type Content,
  directionOf,
  type FactValue,
  type FileDetails,
  formatBytes,
  type TeamMember,
} from "@herald/model";
import { type Html, html } from "./html.js";
import { embargoMark } from "./newsroom.js";
import { link, outputPath, pressKitPageAddress } from "./routes.js";
import { about, localeAlternates, named, telephone, type View } from "./views.js";

// The press-kit page: what a journalist looks for, in the order they look for it. The one
// download of everything first; then the company at a glance (total raised, facts, press
// contact), its About text, the team, the brand assets with what each file is, and every
// announcement's PDF in this language.

/** Sizes in bytes of files the build made before the page (the ZIP, the PDFs), by site path. */
export type BuiltSizes = ReadonlyMap<string, number>;

type Direction = "ltr" | "rtl";

/** "ZIP, 23 kB": the format and the size, as the language lists details. */
const details = (company: Company, locale: string, format: string, bytes?: number) =>
  bytes === undefined ? format : company.words.alongside(format, formatBytes(bytes, locale));

function factValue(v: FactValue, company: Company, direction: Direction): Html {
  const markup = named(v, direction);
  if (!v.note) return markup;
  const [before, after] = around((text) => company.words.withNote(text, v.note as string));
  const part = (text: string) => (text ? html`<span class="role">${text}</span>` : html``);
  return html`${part(before)}${markup}${part(after)}`;
}

function facts(company: Company, direction: Direction): Html {
  if (!company.facts.length) return html``;
  const values = (fact: CompanyFact) =>
    fact.values.length === 1
      ? factValue(fact.values[0] as FactValue, company, direction)
      : html`<ul>${fact.values.map((v) => html`<li>${factValue(v, company, direction)}</li>`)}</ul>`;
  return html`<section class="facts kit-facts" aria-labelledby="glance-title">
<h2 id="glance-title">${company.words.atAGlance}</h2>
<dl>
${company.facts.map((f) => html`<dt>${f.label}</dt><dd>${values(f)}</dd>\n`)}</dl>
</section>`;
}

/** The total with each amount kept whole ("1000 万欧元" never split across lines). */
function amounts(total: NonNullable<Company["raised"]>): Html {
  let rest = total.text;
  const parts: Html[] = [];
  for (const { text } of total.amounts) {
    const at = rest.indexOf(text);
    if (at < 0) continue;
    parts.push(html`${rest.slice(0, at)}<span class="amount">${text}</span>`);
    rest = rest.slice(at + text.length);
  }
  return html`${parts}${rest}`;
}

function raised(company: Company): Html {
  if (!company.raised) return html``;
  return html`<section class="kit-card kit-raised" aria-labelledby="raised-title">
<h2 id="raised-title">${company.words.totalRaised}</h2>
<p class="raised-value">${amounts(company.raised)}</p>
<p class="note">${company.raised.note}</p>
</section>`;
}

function contact(company: Company): Html {
  const { words, pressContact } = company;
  return html`<section class="kit-card kit-contact" aria-labelledby="contact-title">
<h2 id="contact-title">${words.pressContact}</h2>
<p>${pressContact.name}<br>${words.labelled(words.email, "")}<a href="${pressContact.mailto}">${pressContact.email}</a>${
    pressContact.phone
      ? html`<br>${telephone(
          around((n) => words.labelled(words.phone, n)),
          pressContact.phone,
        )}`
      : ""
  }</p>
</section>`;
}

/** The first letter of the first two words of a name, for a tile without a photo. */
// Initials of a script whose letters join (Arabic "ج" and "و") are kept apart by a zero-width
// non-joiner, so they read as two initials, not as the word "جو".
export const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => [...word][0] ?? "")
    .join(/[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}]/u.test(name) ? "\u200c" : "");

function teamMember(
  m: TeamMember,
  company: Company,
  locale: string,
  page: string,
  direction: Direction,
): Html {
  const { person, photo, bio } = m;
  // The name is right beside the photo: the photo's alt would repeat it (WCAG H67, an image
  // whose text alternative is adjacent text). The download link says whose photo it is.
  const picture = photo
    ? html`<img class="portrait" src="${link(page, photo.src)}" alt=""${photo.size ? html` width="${photo.size.width}" height="${photo.size.height}"` : ""}>`
    : html`<span class="portrait monogram" aria-hidden="true">${initials(person.name)}</span>`;
  return html`<li class="tile person">${picture}
<div class="tile-body">
<h3>${named(person, direction)}</h3>
${person.detail ? html`<p class="role">${person.detail}</p>` : ""}
${bio ? html`<p class="bio">${bio}</p>` : ""}
${photo ? html`<p class="download"><a href="${link(page, photo.src)}" download>${company.words.portrait(person.name)}</a> <span class="details">${describedFile(photo.details, locale)}</span></p>` : ""}
</div>
</li>`;
}

/** A file's details ("JPEG, 480 × 600 px, 12 kB"), its size kept whole ("3.6 kB", never "3.6" and "kB" apart). */
function describedFile(details: FileDetails, locale: string): Html {
  const bytes = formatBytes(details.bytes, locale);
  const { text } = details;
  return text.endsWith(bytes)
    ? html`${text.slice(0, text.length - bytes.length)}<span class="bytes">${bytes}</span>`
    : html`${text}`;
}

/** Formats a browser shows as an image; anything else (a PDF of guidelines) shows its format. */
const IMAGE_FORMATS = new Set(["SVG", "PNG", "JPEG", "GIF", "WEBP", "AVIF"]);

/** One brand file: a preview where it is an image, what it is, how to use it, a download. */
function asset(
  a: Pick<BrandAsset, "title" | "usage" | "file">,
  content: Content,
  company: Company,
  locale: string,
  page: string,
): Html {
  const { file } = a;
  const described = describedFile(file.details, locale);
  const href = link(page, file.src);
  // An SVG's drawing size (its width and height, or viewBox) sizes its preview.
  const size = file.size ?? content.files[file.asset]?.size;
  // The title beside it names the preview: the image is a picture of what the link gives.
  const preview = IMAGE_FORMATS.has(file.details.format.toUpperCase())
    ? html`<img src="${href}" alt=""${size ? html` width="${size.width}" height="${size.height}"` : ""}>`
    : html`<span class="format" aria-hidden="true">${file.details.format}</span>`;
  return html`<li class="tile asset"><div class="preview">${preview}</div>
<div class="tile-body">
<h3><a href="${href}" download>${a.title}</a></h3>
<p class="details">${described}</p>
${a.usage ? html`<p class="usage">${company.words.labelled(company.words.usage, a.usage)}</p>` : ""}
</div>
</li>`;
}

function brandAssets(content: Content, company: Company, locale: string, page: string): Html {
  const { logo, words } = company;
  // The logo leads, unless it is one of the brand assets already (which has its own title).
  const logoTile =
    logo && !company.brandAssets.some((b) => b.file.asset === logo.asset)
      ? [{ title: words.logo(logo.name), file: logo }]
      : [];
  const tiles = [...logoTile, ...company.brandAssets];
  if (!tiles.length) return html``;
  return html`<section aria-labelledby="brand-title">
<h2 id="brand-title">${words.brandAssets}</h2>
<ul class="tiles assets">
${tiles.map((a) => asset(a, content, company, locale, page))}
</ul>
</section>`;
}

function team(company: Company, locale: string, page: string, direction: Direction): Html {
  if (!company.team.length) return html``;
  return html`<section aria-labelledby="team-title">
<h2 id="team-title">${company.words.team}</h2>
<ul class="tiles team">
${company.team.map((m) => teamMember(m, company, locale, page, direction))}
</ul>
</section>`;
}

function releases(
  company: Company,
  locale: string,
  page: string,
  kits: readonly AnnouncementDocument[],
  sizes: BuiltSizes,
): Html {
  const { words } = company;
  if (!kits.length) {
    return html`<section aria-labelledby="kits-title">
<h2 id="kits-title">${words.allNews}</h2>
<p class="empty-state">${words.noAnnouncements}</p>
</section>`;
  }
  return html`<section aria-labelledby="kits-title">
<h2 id="kits-title">${words.allNews}</h2>
<ul class="releases">
${kits.map(
  (d) =>
    html`<li><time datetime="${d.date.iso}">${d.date.text}</time>
<a class="release-title" href="${link(page, d.page)}">${d.title}</a>
${d.embargo ? embargoMark(d.embargo) : ""}<span class="release-pdf"><a href="${link(page, d.pdf)}" type="application/pdf">${words.downloadPdf}</a> <span class="details">${details(company, locale, "PDF", sizes.get(outputPath(d.pdf)))}</span></span></li>\n`,
)}</ul>
</section>`;
}

/** The company as schema.org describes an organization, for search engines and link previews. */
function organization(content: Content, company: Company): object {
  const c = content.site.company;
  const founders = company.facts.find((f) => f.key === "founders")?.values ?? [];
  const social = company.facts.find((f) => f.key === "social")?.values ?? [];
  return {
    "@context": "https://schema.org",
    "@type": "Organization",
    name: company.name,
    ...(c?.legalName && { legalName: c.legalName }),
    url: c?.website ?? content.site.url,
    ...(company.logo && { logo: company.logo.src.url }),
    ...(c?.founded !== undefined && { foundingDate: String(c.founded) }),
    ...(founders.length && {
      founder: founders.map((f) => ({
        "@type": "Person",
        name: f.text,
        ...(f.url && { url: f.url }),
      })),
    }),
    ...(social.length && { sameAs: social.flatMap((s) => (s.url ? [s.url] : [])) }),
    contactPoint: {
      "@type": "ContactPoint",
      contactType: "press",
      name: company.pressContact.name,
      email: company.pressContact.email,
      ...(company.pressContact.phone && { telephone: company.pressContact.phone }),
    },
  };
}

/** The press-kit page of one language. */
export function pressKitView(
  content: Content,
  company: Company,
  locale: string,
  documents: readonly AnnouncementDocument[],
  sizes: BuiltSizes = new Map(),
): View {
  const address = pressKitPageAddress(content, locale);
  const page = address.path ?? "";
  const direction = directionOf(locale);
  const { words } = company;
  const kits = documents.filter((d) => d.locale === locale);
  const zip = company.pressKitZip;
  const main = html`<h1>${words.pressKit}</h1>
<div class="kit-download">
<p>${words.downloadAllNote}</p>
<p class="download-action"><a class="button primary" href="${link(page, zip)}" download type="application/zip">${words.downloadAll}</a> <span class="details">${details(company, locale, "ZIP", sizes.get(outputPath(zip)))}</span></p>
</div>
<div class="kit-overview${company.raised ? "" : " no-raised"}">
${raised(company)}
${contact(company)}
</div>
${facts(company, direction)}
${about(company, page, direction)}
${team(company, locale, page, direction)}
${brandAssets(content, company, locale, page)}
${releases(company, locale, page, kits, sizes)}`;
  return {
    head: {
      page: address,
      locale,
      direction,
      company,
      title: words.pressKit,
      description: words.labelled(words.pressKit, company.name),
      alternates: localeAlternates(content, (l) => pressKitPageAddress(content, l)),
      jsonLd: organization(content, company),
      section: "press-kit",
    },
    main,
  };
}

/** The press-kit page's own rules, appended to the site's stylesheet. */
export const pressKitCss = `
.kit-download { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between;
  gap: 0.75rem 1.5rem; margin: 1rem 0 1.5rem; padding: 1rem 1.25rem; border-radius: 8px;
  background: var(--accent-bg); border: 1px solid var(--line); }
.kit-download p { margin: 0; flex: 1 1 16rem; }
.kit-download .download-action { flex: 0 1 auto; display: flex; flex-wrap: wrap; align-items: center;
  gap: 0.4rem 0.75rem; }
.button.primary { background: var(--accent); color: var(--bg); padding: 0.65rem 1.2rem; }
.details { color: var(--muted); font-size: 0.9rem; font-variant-numeric: tabular-nums; }
/* "ZIP, 7.7 kB" beside its link stays whole; a tile's longer details wrap. */
.kit-download .details, .release-pdf .details, .details .bytes { white-space: nowrap; }
.kit-overview { display: grid; gap: 1rem; grid-template-columns: 1fr; margin: 0 0 1rem; }
@media (min-width: 40rem) { .kit-overview:not(.no-raised) { grid-template-columns: 1fr 1fr; } }
.kit-card { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; }
.kit-card h2, .kit-facts h2 { margin: 0 0 0.5rem; font-size: 1rem; color: var(--muted); font-weight: 600; }
.kit-card p { margin: 0; }
.kit-raised { border-block-start: 3px solid var(--accent); }
.raised-value .amount { white-space: nowrap; }
.kit-raised .raised-value { font-size: clamp(1.6rem, 1.2rem + 1.8vw, 2.2rem); font-weight: 700; line-height: 1.2;
  font-variant-numeric: tabular-nums; margin-block-end: 0.25rem; }
.tiles { display: grid; gap: 1rem; list-style: none; margin: 0; padding: 0;
  grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr)); }
.tile { display: flex; flex-direction: column; min-width: 0; background: var(--card); border: 1px solid var(--line);
  border-radius: 8px; overflow: hidden; }
.tile-body { padding: 0.85rem 1rem 1rem; }
.tile h3 { margin: 0 0 0.25rem; font-size: 1.05rem; }
.tile p { margin: 0.25rem 0 0; }
.tile .role { font-size: 0.95rem; }
.tile .bio { font-size: 0.95rem; }
.tile .download, .tile .usage { font-size: 0.9rem; }
.tile .download .details { display: block; }
.tile .usage { color: var(--muted); }
.portrait { display: block; width: 100%; height: auto; aspect-ratio: 1 / 1; object-fit: cover;
  background: var(--line); }
/* On a phone a member's photo sits beside their name, not a screen's height above it. */
@media (max-width: 39.99rem) {
  .team .person { flex-direction: row; }
  .team .portrait { flex: none; align-self: flex-start; width: 6.5rem; height: 6.5rem; margin: 0.85rem;
    margin-inline-end: 0; border-radius: 6px; }
  .team .tile-body { padding-inline-start: 0.85rem; }
}
.monogram { display: grid; place-items: center; font-size: 2.5rem; font-weight: 700; color: var(--muted); }
/* Logos are drawn for a light ground: previews stay on one in dark mode too. */
.preview { display: grid; place-items: center; aspect-ratio: 16 / 9; padding: 1rem; background: #ffffff;
  border-block-end: 1px solid var(--line); }
.preview img { max-height: 100%; width: auto; object-fit: contain; }
.preview .format { font-weight: 700; font-size: 1.4rem; color: #57606a; }
.releases { list-style: none; margin: 0; padding: 0; }
.releases li { display: flex; flex-wrap: wrap; gap: 0.25rem 1rem; align-items: baseline; padding: 0.75rem 0;
  border-block-end: 1px solid var(--line); }
.releases time { color: var(--muted); font-variant-numeric: tabular-nums; }
.release-title { flex: 1 1 16rem; font-weight: 600; }
.release-pdf { flex: 1 1 100%; }
`;
