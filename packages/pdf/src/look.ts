import type { AnnouncementDocument } from "@herald/model";
import type { Color, Flow } from "./flow.js";
import type { Style } from "./fonts.js";
import type { LinkNotes } from "./link-notes.js";
import type { Run } from "./text.js";

// What every part of the press kit shares: its colours, type sizes and the way a text becomes
// a styled run.

export const INK: Color = [0.11, 0.12, 0.14];
export const MUTED: Color = [0.36, 0.39, 0.42];
export const LINK: Color = [0.04, 0.36, 0.68];
export const RULE: Color = [0.8, 0.82, 0.85];
export const BAR: Color = [0.18, 0.5, 0.85];
/** The tint behind the cover's head and the stat tiles. */
export const TINT: Color = [0.945, 0.957, 0.973];
/** The figures of the stat tiles: the accent, dark enough for small print. */
export const FIGURE: Color = [0.05, 0.3, 0.58];

export const sizes = { body: 10.5, small: 8.5, h1: 24, h2: 15, h3: 12 };

/**
 * Italic in Latin-script typography. Chinese, Japanese and Korean have no italic (a slanted
 * CJK face is a fake), and an italic Latin word among upright CJK looks like an error: their
 * emphasis is a dot by each character, under it in Chinese, over it in Japanese and Korean
 * (as CSS text-emphasis-position has it), for every letter of the emphasis, Latin ones
 * included. Arabic and Hebrew have no italic either: their emphasis is bold.
 */
export type Emphasis = "italic" | "bold" | "over" | "under";

export interface Context {
  flow: Flow;
  document: AnnouncementDocument;
  warn: (message: string) => void;
  /** How the document's typography emphasizes (Markdown *emphasis*). */
  emphasis: Emphasis;
  /** The style quotations are set in: italic only in Latin-script typography. */
  quoteStyle: Style;
  /** An image's shape: the size the document gives, or the SVG's own (see render.ts). */
  shapeOf: (
    asset: string,
    given?: { width: number; height: number },
  ) => { width: number; height: number } | undefined;
  /** The addresses of inline links, numbered for the list at the end (paper keeps them). */
  linkNotes: LinkNotes;
  /**
   * Under embargo: the document has no public address yet (its page, PDF, translations, the
   * site's files), so the press kit links to none and prints none.
   */
  sealed: boolean;
}

/**
 * An address, email or phone number isolated left to right (Unicode LRI … PDI): in Arabic
 * text the bidi algorithm would otherwise show "+31 20 555 0100" as "0100 555 20 31+" and
 * move an address's final slash to its other end. The marks are never drawn.
 */
export const ltr = (text: string) => `\u2066${text}\u2069`;

/**
 * A name isolated in its own direction (Unicode FSI … PDI, by its first strong letter): in
 * Arabic text "Docker, Inc." would otherwise show its final stop at its other end
 * (".Docker, Inc"). The marks are never drawn.
 */
export const isolated = (text: string) => (text ? `\u2068${text}\u2069` : text);

/** PDF embeds PNG and JPEG as they are, and SVG drawn to PNG (svg.ts); others need a decoder. */
export const embeddable = (asset: string) => /\.(png|jpe?g|svg)$/i.test(asset);

/**
 * One line of text as a reader sees it: a line feed inside a text is a space (the model joins
 * soft line breaks already; only a Markdown hard break, or a code block, breaks a line).
 */
export const oneLine = (text: string) => text.replace(/[ \t]*[\r\n]+[ \t]*/g, " ");

export const run = (
  text: string,
  style: Style = "regular",
  size = sizes.body,
  color: Color = INK,
  lang?: string,
): Run => ({ text: oneLine(text), style, size, color, ...(lang && { lang }) });

/**
 * `text` with the name in it marked with the name's own language (a zh-CN investor in a
 * Japanese credit line), so its Han characters take that language's forms.
 */
export function named(
  text: string,
  name: string,
  lang: string | undefined,
  look: Omit<Run, "text">,
): Run[] {
  const at = text.indexOf(name);
  if (at < 0) return [{ ...look, text: oneLine(text) }];
  return [
    { ...look, text: oneLine(text.slice(0, at)) },
    { ...look, text: isolated(oneLine(name)), ...(lang && { lang }) },
    { ...look, text: oneLine(text.slice(at + name.length)) },
  ].filter((r) => r.text !== "");
}
