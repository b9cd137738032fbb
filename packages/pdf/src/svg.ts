import { Resvg } from "@resvg/resvg-js";
import { fontFile } from "./fonts.js";

// PDF cannot show SVG; pdf-lib embeds PNG and JPEG only. An SVG logo or figure is drawn to a
// PNG here, with resvg, at a resolution fit for print. Only the press kit's own Noto Sans is
// given for text inside the SVG (no system fonts, no files the SVG points to), so the pixels,
// and with them the PDF's bytes, are the same on every machine.

/** Print resolution: 300 dots per inch of the size the image is drawn at. */
const DPI = 300;
/** The least height in pixels: a logo drawn 40 pt high is still crisp when zoomed in. */
const MIN_PIXELS = 600;
/** The most pixels on the long side, to keep a huge drawing's PNG to a sensible size. */
const MAX_PIXELS = 4000;

/** The SVG `bytes` as PNG bytes, high enough to print at `drawnHeight` points. */
export function svgToPng(bytes: Uint8Array, drawnHeight: number, drawnWidth: number): Uint8Array {
  const wanted = Math.max(MIN_PIXELS, Math.ceil((drawnHeight * DPI) / 72));
  // Never more than MAX_PIXELS on the long side (a very wide logo at 600 px high).
  const byWidth = (MAX_PIXELS * drawnHeight) / Math.max(drawnWidth, drawnHeight);
  const height = Math.max(1, Math.round(Math.min(wanted, Math.max(byWidth, 1))));
  const resvg = new Resvg(Buffer.from(bytes), {
    fitTo: { mode: "height", value: height },
    font: {
      loadSystemFonts: false,
      fontFiles: [fontFile("latin", "regular"), fontFile("latin", "bold")],
      defaultFontFamily: "Noto Sans",
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: "off",
  });
  return new Uint8Array(resvg.render().asPng());
}

/** The SVG's own size (its width and height, or its viewBox's), as resvg reads it. */
export function svgShape(bytes: Uint8Array): { width: number; height: number } | undefined {
  try {
    const svg = new Resvg(Buffer.from(bytes), {
      font: { loadSystemFonts: false },
      logLevel: "off",
    });
    return svg.width > 0 && svg.height > 0 ? { width: svg.width, height: svg.height } : undefined;
  } catch {
    return undefined;
  }
}
