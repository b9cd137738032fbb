import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

// The faces the site's images (social cards, the monogram icon) are drawn in: the same registry
// Noto faces as the press kit, chosen the same way (the idea of packages/pdf/src/fonts.ts, not
// its code: the site does not depend on the PDF). Noto Sans for Latin, Greek and Cyrillic; the
// regional CJK face of the language, because one Han character has different forms in Japan,
// Korea, Taiwan, Hong Kong and mainland China; Noto Sans Arabic and Noto Sans Hebrew. TTF only:
// satori reads no system font, and resvg is never let near one, so the same text draws the
// same pixels on every machine.

export type Face = "latin" | "arabic" | "hebrew" | "sc" | "tc" | "hk" | "jp" | "kr";
export type Weight = 400 | 700;

const pkg = "@expo-google-fonts";
const families: Record<Face, { name: string; file: (weight: Weight) => string }> = {
  latin: face("noto-sans", "NotoSans", "Noto Sans"),
  arabic: face("noto-sans-arabic", "NotoSansArabic", "Noto Sans Arabic"),
  hebrew: face("noto-sans-hebrew", "NotoSansHebrew", "Noto Sans Hebrew"),
  sc: face("noto-sans-sc", "NotoSansSC", "Noto Sans SC"),
  tc: face("noto-sans-tc", "NotoSansTC", "Noto Sans TC"),
  hk: face("noto-sans-hk", "NotoSansHK", "Noto Sans HK"),
  jp: face("noto-sans-jp", "NotoSansJP", "Noto Sans JP"),
  kr: face("noto-sans-kr", "NotoSansKR", "Noto Sans KR"),
};

function face(dir: string, file: string, name: string) {
  const style = (weight: Weight) => (weight === 700 ? "700Bold" : "400Regular");
  return {
    name,
    file: (weight: Weight) => `${pkg}/${dir}/${style(weight)}/${file}_${style(weight)}.ttf`,
  };
}

const require = createRequire(import.meta.url);
const loaded = new Map<string, { path: string; bytes: Buffer; digest: string }>();

/** A face's file: its path, bytes and digest (its identity in cache keys), read once. */
export function fontFile(face: Face, weight: Weight) {
  const id = families[face].file(weight);
  let entry = loaded.get(id);
  if (!entry) {
    const path = require.resolve(id);
    const bytes = readFileSync(path);
    entry = { path, bytes, digest: createHash("sha256").update(bytes).digest("hex") };
    loaded.set(id, entry);
  }
  return entry;
}

export const familyName = (face: Face) => families[face].name;

/**
 * The CJK face of a language: JP for Japanese, KR for Korean, TC for Traditional Chinese (HK
 * for Hong Kong and Macau), SC for other Chinese; undefined for other languages.
 */
export function cjkFaceOf(lang: string | undefined): Face | undefined {
  if (!lang) return undefined;
  try {
    const locale = new Intl.Locale(lang).maximize();
    if (locale.language === "ja") return "jp";
    if (locale.language === "ko") return "kr";
    if (locale.language === "zh" || locale.language === "yue") {
      if (locale.script !== "Hant") return "sc";
      return ["HK", "MO"].includes(locale.region ?? "") ? "hk" : "tc";
    }
  } catch {
    // Not a locale: no CJK face.
  }
  return undefined;
}

/** The face a language's own text is set in. */
export function primaryFaceOf(lang: string | undefined): Face {
  try {
    const script = lang ? new Intl.Locale(lang).maximize().script : undefined;
    if (script === "Arab") return "arabic";
    if (script === "Hebr") return "hebrew";
  } catch {
    // Not a locale: Latin.
  }
  return cjkFaceOf(lang) ?? "latin";
}

const HAN_LIKE =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}]/u;

/**
 * The faces, in order of preference, that text in `lang` needs: Noto Sans first for Latin
 * letters and digits (one Latin design on every card), then the language's own face, then a
 * face for each other script the text holds (a Chinese name in an English title).
 */
export function facesFor(lang: string | undefined, text: string): Face[] {
  const faces: Face[] = ["latin", primaryFaceOf(lang)];
  if (HAN_LIKE.test(text)) faces.push(cjkFaceOf(lang) ?? "sc");
  if (/\p{Script=Arabic}/u.test(text)) faces.push("arabic");
  if (/\p{Script=Hebrew}/u.test(text)) faces.push("hebrew");
  return [...new Set(faces)];
}

/** The face that draws one character (a monogram's) in language `lang`. */
export function faceOfChar(char: string, lang: string | undefined): Face {
  if (HAN_LIKE.test(char)) return cjkFaceOf(lang) ?? "sc";
  if (/\p{Script=Arabic}/u.test(char)) return "arabic";
  if (/\p{Script=Hebrew}/u.test(char)) return "hebrew";
  return "latin";
}

type SatoriFont = {
  name: string;
  data: Buffer;
  weight: Weight;
  style: "normal";
};
const fontLists = new Map<string, SatoriFont[]>();

/**
 * Satori's font list for `faces`, regular and bold. The same list object for the same faces:
 * satori keeps a parsed font per object, and parsing a CJK face takes a second
 * (https://github.com/vercel/satori/issues/590).
 */
export function satoriFonts(faces: readonly Face[]): SatoriFont[] {
  const key = faces.join();
  let list = fontLists.get(key);
  if (!list) {
    list = faces.flatMap((f) =>
      ([400, 700] as const).map((weight) => ({
        name: familyName(f),
        data: fontFile(f, weight).bytes,
        weight,
        style: "normal" as const,
      })),
    );
    fontLists.set(key, list);
  }
  return list;
}

/** What identifies the faces drawn with, for a cache key. */
export const fontIdentity = (faces: readonly Face[]) =>
  faces.flatMap((f) => [400, 700].map((w) => fontFile(f, w as Weight).digest));
