import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type * as fontkit from "fontkit";
import type { PDFDocument, PDFFont } from "pdf-lib";
import { parseFont, upstreamFontkit } from "./fontkit-adapter.js";

// The faces the press kit is set in, from registry packages (never a system path): Noto Sans
// for Latin, Greek and Cyrillic; Noto Sans SC for Chinese (and the kana and punctuation it
// covers). Bytes are read once per process, so a warm process pays for them once.

export type Style = "regular" | "bold" | "italic" | "boldItalic";
export type Script = "latin" | "cjk";

const files: Record<Script, Record<Style, string>> = {
  latin: {
    regular: "@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf",
    italic: "@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf",
    boldItalic: "@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf",
  },
  // Chinese has no italic; emphasis keeps the upright face.
  cjk: {
    regular: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
    bold: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
    italic: "@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf",
    boldItalic: "@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf",
  },
};

const require = createRequire(import.meta.url);
const loaded = new Map<string, { bytes: Uint8Array; font: fontkit.Font }>();

function face(path: string) {
  let entry = loaded.get(path);
  if (!entry) {
    const bytes = readFileSync(require.resolve(path));
    entry = { bytes, font: parseFont(bytes) };
    loaded.set(path, entry);
  }
  return entry;
}

/** The parsed faces, for measuring text exactly as it will be drawn. */
export function measuringFaces(): Record<Script, Record<Style, fontkit.Font>> {
  const of = (script: Script) =>
    Object.fromEntries(
      (Object.keys(files[script]) as Style[]).map((style) => [
        style,
        face(files[script][style]).font,
      ]),
    ) as Record<Style, fontkit.Font>;
  return { latin: of("latin"), cjk: of("cjk") };
}

/** The script whose face draws `char`, or undefined when no embedded face has it (emoji). */
export function scriptFor(char: string, style: Style): Script | undefined {
  const codePoint = char.codePointAt(0) ?? 0;
  if (face(files.latin[style]).font.hasGlyphForCodePoint(codePoint)) return "latin";
  if (face(files.cjk[style]).font.hasGlyphForCodePoint(codePoint)) return "cjk";
  return undefined;
}

/** The faces of one document, embedded (and subset) only when first used. */
export class DocumentFonts {
  private readonly embedded = new Map<string, PDFFont>();

  constructor(
    private readonly doc: PDFDocument,
    /** Distinguishes this document's subsets: it seeds the six-letter subset tags. */
    private readonly key: string,
  ) {
    doc.registerFontkit(upstreamFontkit);
  }

  async get(script: Script, style: Style): Promise<PDFFont> {
    const path = files[script][style];
    let font = this.embedded.get(path);
    if (!font) {
      const { bytes, font: parsed } = face(path);
      // ISO 32000 §9.6.4: a subset font's name starts with six capital letters and "+".
      // Derived from the document and face, so the same content builds the same bytes.
      const digest = createHash("sha256").update(`${this.key}\u0000${path}`).digest();
      const tag = [...digest.subarray(0, 6)]
        .map((b) => String.fromCharCode(65 + (b % 26)))
        .join("");
      font = await this.doc.embedFont(bytes, {
        subset: true,
        customName: `${tag}+${parsed.postscriptName}`,
      });
      this.embedded.set(path, font);
    }
    return font;
  }
}
