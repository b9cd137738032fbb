import { createHash } from "node:crypto";
import { readdir, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { crc32 } from "node:zlib";
import {
  type AnnouncementDocument,
  type Company,
  type Content,
  directionOf,
  directionOfText,
  isRealFolder,
  siteAddress,
} from "@herald/model";
import satori from "satori";
import { eachAtMost } from "./at-most.js";
import { announcementCard, type Card, cardDigest, digestOfCard, withDigest } from "./card.js";
import { type Face, facesFor, familyName, fontIdentity, satoriFonts } from "./card-fonts.js";
import { BRAND_COLOR, type Mark, markOf, readLogo, svgToPng } from "./icons.js";
import { outputPath } from "./routes.js";
import { foldersMadeOnce, type SiteWriter, writeSiteFile } from "./site-files.js";
import { isCacheFileName, readCacheEntry, writeCacheEntry } from "./social-image-cache.js";

// The picture a link to a page shows where it is shared (og:image): a 1200×630 card with the
// company's mark, the title, the date and the headline figure, in the language's own faces
// and direction. Laid out by satori (a tree of boxes → SVG, text as paths), drawn by resvg.
// Made from the same document as the page; cached by everything that goes into it.

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** The site's card in one language, for the newsroom and the other pages. */
export const siteCard = (content: Content, company: Company, locale: string): Card => ({
  locale,
  direction: directionOf(locale),
  company: company.name,
  kicker: "",
  title: company.name,
  subtitle: company.words.newsroom,
  date: new URL(content.site.url).host,
});

/** Where the site's card of a language is: beside its newsroom page. */
export const siteCardAddress = (content: Content, locale: string) =>
  siteAddress(content.site, `${locale}/social.png`);

// A small element tree in the shape satori reads (what JSX would make).
type Node = { type: string; props: Record<string, unknown> } | string;
const h = (type: string, style: Record<string, unknown>, children?: Node | Node[], extra = {}) => ({
  type,
  props: { style, ...(children !== undefined && { children }), ...extra },
});

/** How wide a text sets, in ems, roughly: Han, kana and Hangul are a whole em, others half. */
const ems = (text: string) =>
  [...text].reduce(
    (sum, c) =>
      sum +
      (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(c)
        ? 1
        : 0.55),
    0,
  );

/**
 * Text with its no-break spaces as spaces. Satori lays a no-break space out as part of the
 * word, and a right-to-left line then comes out in the wrong order ("4\u00a0مليون\u00a0€"
 * drawn as "€ مليون4"); where it matters the line is kept whole by `nowrap` instead.
 */
const oneLine = (text: string) => plain(text).replace(/[\u00a0\u202f]/g, " ");

/** Text without bidi isolates (FSI … PDI round names): satori draws them as boxes. */
const plain = (text: string) => text.replace(/[\u2066-\u2069]/g, "");
const nowrap = { whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" };

/** The card as satori's tree. */
function cardTree(card: Card, mark: Mark, logo: boolean, faces: readonly Face[]): Node {
  const muted = "#57606a";
  const pad = 72;
  const inner = CARD_WIDTH - 2 * pad;
  // The title as large as its length allows, three lines at most, cut with "…" beyond.
  const length = ems(card.title);
  const titleSize = length <= 24 ? 76 : length <= 48 ? 66 : length <= 80 ? 56 : 50;
  const markHeight = 64;
  const markWidth = Math.round(markHeight * Math.min(5, Math.max(1, mark.ratio ?? 1)));
  // A wide logo is a wordmark that names the company itself; a square one does not.
  // The site's card has the name as its title: said once.
  const named = (!logo || (mark.ratio ?? 1) <= 2) && card.title !== card.company;
  return h(
    "div",
    {
      width: CARD_WIDTH,
      height: CARD_HEIGHT,
      display: "flex",
      flexDirection: "column",
      background: "#ffffff",
      color: "#1b1f24",
      fontFamily: faces.map((f) => `"${familyName(f)}"`).join(", "),
      direction: card.direction,
    },
    [
      h("div", { width: CARD_WIDTH, height: 16, background: BRAND_COLOR }),
      h(
        "div",
        {
          display: "flex",
          flexDirection: "column",
          flexGrow: 1,
          width: CARD_WIDTH,
          padding: `44px ${pad}px 52px`,
        },
        [
          h("div", { display: "flex", alignItems: "center", width: inner, height: markHeight }, [
            h("img", { width: markWidth, height: markHeight, objectFit: "contain" }, undefined, {
              src: mark.uri,
              width: markWidth,
              height: markHeight,
            }),
            ...(named
              ? [
                  h(
                    "div",
                    {
                      fontSize: 32,
                      fontWeight: 700,
                      // A Latin name on an Arabic card keeps its final stop last; the gap to
                      // the mark stays on the mark's side whatever the name's direction.
                      direction: directionOfText(card.company, card.direction),
                      [card.direction === "rtl" ? "marginRight" : "marginLeft"]: 20,
                      ...nowrap,
                      flexShrink: 1,
                    },
                    oneLine(card.company),
                  ),
                ]
              : []),
            h("div", { flexGrow: 1 }),
            h(
              "div",
              { fontSize: 26, color: muted, marginInlineStart: 24, ...nowrap, flexShrink: 0 },
              oneLine(card.kicker),
            ),
          ]),
          h(
            "div",
            {
              display: "block",
              width: inner,
              marginTop: 40,
              fontSize: titleSize,
              fontWeight: 700,
              lineHeight: 1.22,
              // Room under the last line for what hangs below it (the dots under an Arabic
              // yeh reach half an em down), which the clip of the three-line cut would cut off.
              paddingBottom: Math.round(titleSize * 0.3),
              lineClamp: 3,
              textOverflow: "ellipsis",
              overflow: "hidden",
              textAlign: "start",
              // Korean breaks lines between words, never inside one (시리즈, not 시 / 리즈).
              ...(card.locale.toLowerCase().startsWith("ko") && { wordBreak: "keep-all" }),
            },
            card.direction === "rtl" ? oneLine(card.title) : plain(card.title),
          ),
          ...(card.subtitle
            ? [
                h(
                  "div",
                  { fontSize: 44, color: BRAND_COLOR, marginTop: 12, ...nowrap },
                  oneLine(card.subtitle),
                ),
              ]
            : []),
          h("div", { flexGrow: 1 }),
          h(
            "div",
            {
              display: "flex",
              alignItems: "flex-end",
              justifyContent: "space-between",
              width: inner,
            },
            [
              h(
                "div",
                { fontSize: 30, color: muted, paddingBottom: 8, ...nowrap },
                oneLine(card.date ?? ""),
              ),
              ...(card.headline
                ? [
                    h("div", { display: "flex", flexDirection: "column", alignItems: "flex-end" }, [
                      h(
                        "div",
                        { fontSize: 24, color: muted, ...nowrap },
                        oneLine(card.headline.label),
                      ),
                      h(
                        "div",
                        {
                          fontSize: 72,
                          fontWeight: 700,
                          color: BRAND_COLOR,
                          lineHeight: 1.1,
                          // Room for what hangs below the line (an Arabic yeh's dots).
                          paddingBottom: 12,
                          ...nowrap,
                        },
                        oneLine(card.headline.text),
                      ),
                    ]),
                  ]
                : []),
            ],
          ),
        ],
      ),
    ],
    { lang: card.locale },
  );
}

/** The faces a card needs: its language's, and those of any other script in its text. */
const facesOf = (card: Card) =>
  facesFor(
    card.locale,
    [
      card.company,
      card.kicker,
      card.title,
      card.subtitle,
      card.date,
      card.headline?.text,
      card.headline?.label,
    ].join(" "),
  );

/** The card as SVG, its text as paths, in `faces` (tests take some away). */
export const cardSvg = (
  card: Card,
  mark: Mark,
  logo: boolean,
  faces: readonly Face[] = facesOf(card),
): Promise<string> =>
  satori(cardTree(card, mark, logo, faces) as Parameters<typeof satori>[0], {
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    fonts: satoriFonts(faces),
  });

/** The card drawn as a 1200×630 PNG, in `faces` (tests take some away). */
export async function renderCard(
  card: Card,
  mark: Mark,
  logo: boolean,
  faces: readonly Face[] = facesOf(card),
): Promise<Uint8Array> {
  return withDigest(svgToPng(await cardSvg(card, mark, logo, faces)), cardDigest(card));
}

const require = createRequire(import.meta.url);
const versionOf = (packageJson: string): string => {
  try {
    return (require(packageJson) as { version: string }).version;
  } catch {
    return "?";
  }
};

/** Bumped when the card's design changes, so no cached card of the old design is used. */
const DESIGN = 6;

let versions: object | undefined;
/** The versions of what draws a card, read once. */
const drawnBy = () =>
  (versions ??= {
    herald: versionOf("../package.json"),
    satori: versionOf("satori/package.json"),
    resvg: versionOf("@resvg/resvg-js/package.json"),
  });

const markDigests = new WeakMap<Mark, string>();
/** The mark's digest, once per mark: a logo's data: URI can be large, and every card has it. */
function markDigest(mark: Mark): string {
  let digest = markDigests.get(mark);
  if (!digest) {
    digest = createHash("sha256").update(mark.uri).digest("hex");
    markDigests.set(mark, digest);
  }
  return digest;
}

/** What decides a card's pixels: a change in any of it makes a new cache key. */
export function cacheKey(card: Card, mark: Mark, logo: boolean): string {
  return createHash("sha256")
    .update(
      JSON.stringify({
        design: DESIGN,
        ...drawnBy(),
        card,
        logo,
        mark: markDigest(mark),
        fonts: fontIdentity(facesOf(card)),
      }),
    )
    .digest("hex");
}

/**
 * Whether `bytes` are a whole PNG of the card's size: the signature, every chunk's CRC, and
 * IEND last. A cache entry that fails this (cut short, written over) is made again.
 */
export function isWholeCard(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < 8 || b.subarray(0, 8).toString("hex") !== "89504e470d0a1a0a") return false;
  let at = 8;
  let type = "";
  let first = true;
  while (at + 12 <= b.length) {
    const length = b.readUInt32BE(at);
    if (at + 12 + length > b.length) return false;
    type = b.toString("latin1", at + 4, at + 8);
    if (
      first &&
      (type !== "IHDR" ||
        b.readUInt32BE(at + 8) !== CARD_WIDTH ||
        b.readUInt32BE(at + 12) !== CARD_HEIGHT)
    )
      return false;
    first = false;
    if (crc32(b.subarray(at + 4, at + 8 + length)) !== b.readUInt32BE(at + 8 + length))
      return false;
    at += 12 + length;
  }
  return type === "IEND" && at === b.length;
}

const CACHE_SUBFOLDER = "social-images";
const cacheFile = (cacheDir: string, key: string) => join(cacheDir, CACHE_SUBFOLDER, `${key}.png`);

/**
 * Removes the cards this build did not use from the cache folder, so it holds the site's
 * cards and no more: only files named as the cache names them (and temp files a stopped
 * build left), nothing else in it.
 */
async function pruneCache(cacheDir: string, used: ReadonlySet<string>): Promise<void> {
  const folder = join(cacheDir, CACHE_SUBFOLDER);
  // Never through a link: what it leads to is not the cache's to prune.
  if (!isRealFolder(folder)) return;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (isCacheFileName(name) && !used.has(join(folder, name))) {
      await rm(join(folder, name), { recursive: true, force: true });
    }
  }
}

/**
 * What one card is drawn from, all of it plain data (structured-cloneable), so that a worker
 * thread can draw it: see `drawCard` (`@herald/web/draw-card`).
 */
export interface CardJob {
  card: Card;
  mark: Mark;
  /** Whether the mark is the company's logo (else the monogram). */
  logo: boolean;
}

/** Draws one card's PNG (what renderSite's `drawCard` option stands in for). */
export type DrawCard = (job: CardJob) => Promise<Uint8Array>;

/** Draws one card's PNG in this thread: a pure function of the job, the same bytes anywhere. */
export const drawCard: DrawCard = (job) => renderCard(job.card, job.mark, job.logo);

/**
 * A card, from the cache folder when it holds a whole entry of the card's key, else drawn
 * (by `draw`) and put there. An entry that is not whole or not the key's is never used.
 */
export async function cachedCard(
  card: Card,
  mark: Mark,
  logo: boolean,
  cache: string | CardStore | undefined,
  draw: DrawCard = drawCard,
  key = cache ? cacheKey(card, mark, logo) : "",
): Promise<Uint8Array> {
  if (!cache) return draw({ card, mark, logo });
  const store = typeof cache === "string" ? fileCardStore(cache) : cache;
  const cached = await store.get(key);
  // The store says the bytes are the ones kept under the key; the picture is checked too,
  // and that it says this card's words (its digest), before it is published.
  if (cached && isWholeCard(cached) && digestOfCard(cached) === cardDigest(card)) return cached;
  const png = await draw({ card, mark, logo });
  await store.put(key, png);
  return png;
}

/**
 * Where drawn cards are kept between builds, each under its key (see cacheKey). A build hands
 * in its own cache, which keeps each card once and links it into the site; without one, cards
 * are kept as files of a folder (see fileCardStore).
 */
export interface CardStore {
  /** The card kept under `key`, if it is whole and that key's (nothing else is returned). */
  get(key: string): Promise<Uint8Array | undefined>;
  put(key: string, png: Uint8Array): Promise<void>;
  /** The keys kept (one listing: a card may still turn out damaged when read). */
  keys(): Promise<ReadonlySet<string>>;
  /** Lets go of every card but those of `used`, after a site was written. */
  prune(used: ReadonlySet<string>): Promise<void>;
}

/** The cards kept as files of `cacheDir`'s folder social-images, each sealed with its key. */
export function fileCardStore(cacheDir: string): CardStore {
  return {
    get: (key) => readCacheEntry(cacheFile(cacheDir, key), key),
    put: (key, png) => writeCacheEntry(cacheFile(cacheDir, key), key, png),
    keys: async () =>
      new Set(
        (await readdir(join(cacheDir, CACHE_SUBFOLDER)).catch(() => [] as string[]))
          .filter((name) => /^[0-9a-f]{64}\.png$/.test(name))
          .map((name) => name.slice(0, -4)),
      ),
    prune: (used) =>
      pruneCache(cacheDir, new Set([...used].map((key) => cacheFile(cacheDir, key)))),
  };
}

/** At most this many cards are read, drawn or written at once (files, or jobs for a pool). */
const CARDS_AT_ONCE = 8;

/** Every card of the site: its path inside the site folder and what it is drawn from. */
export async function siteCards(
  content: Content,
  companies: ReadonlyMap<string, Company>,
  documents: readonly AnnouncementDocument[],
): Promise<Array<{ path: string; job: CardJob }>> {
  const logo = await readLogo(content);
  const mark = logo ?? (await markOf(content));
  const job = (card: Card): CardJob => ({ card, mark, logo: !!logo });
  return [
    ...[...companies].map(([locale, company]) => ({
      path: outputPath(siteCardAddress(content, locale)),
      job: job(siteCard(content, company, locale)),
    })),
    ...documents.map((d) => ({ path: outputPath(d.socialImage), job: job(announcementCard(d)) })),
  ];
}

/**
 * Writes every card of the site into the site folder `outDir`, each taken from the cache or
 * drawn (by `drawCard`, which a caller may hand to a pool of worker threads), a few at a time
 * and none kept once written. Returns the paths written, sorted.
 */
export async function writeSocialImages(
  content: Content,
  companies: ReadonlyMap<string, Company>,
  documents: readonly AnnouncementDocument[],
  outDir: string,
  {
    cacheDir,
    cards: given,
    drawCard: draw = drawCard,
    writeFile: write = writeSiteFile,
  }: { cacheDir?: string; cards?: CardStore; drawCard?: DrawCard; writeFile?: SiteWriter } = {},
): Promise<string[]> {
  const store = given ?? (cacheDir ? fileCardStore(cacheDir) : undefined);
  const cards = (await siteCards(content, companies, documents)).map((c) => ({
    ...c,
    key: store ? cacheKey(c.job.card, c.job.mark, c.job.logo) : "",
  }));
  // The cards the cache lacks are drawn first: the threads start and load their fonts while
  // this one copies the others.
  const held = (await store?.keys()) ?? new Set<string>();
  const inCache = (c: { key: string }) => held.has(c.key);
  // Each folder made once (most are an announcement's, made with its page).
  const folders = foldersMadeOnce();
  const order = [...cards.filter((c) => !inCache(c)), ...cards.filter(inCache)];
  await eachAtMost(order, CARDS_AT_ONCE, async ({ path, job, key }) => {
    const png = await cachedCard(job.card, job.mark, job.logo, store, draw, key);
    const file = join(outDir, path);
    folders(dirname(file));
    await write(file, png);
  });
  await store?.prune(new Set(cards.map((c) => c.key)));
  return cards.map((c) => c.path).sort();
}
