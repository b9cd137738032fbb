import type { FileInfo } from "./assets.js";
import { type Diagnostic, diagnose, type Place } from "./diagnostics.js";

// The logo of site.yaml is drawn into the icons (a 192 px PNG, the 180 px Apple touch icon, a
// 16 px favicon), a 160 px high PNG for the email and the header. A picture too small for
// those sizes is scaled up and blurred; a very wide or tall one shrinks to a line in a square
// icon. Both still build (a warning, not an error): the fix is a better file.

/** The longest side, in pixels, the largest icon made from the logo needs (icon.png). */
export const LOGO_MIN_PIXELS = 192;
/** Width to height (or height to width) past which the mark is illegible in a square icon. */
export const LOGO_MAX_RATIO = 4;

/** Warnings for the logo `file` (site.yaml's logo) of the described shape, at `place`. */
export function checkLogo(file: string, info: FileInfo | undefined, place: Place): Diagnostic[] {
  const size = info?.size;
  if (!info || !size || size.width <= 0 || size.height <= 0) return [];
  const found: Diagnostic[] = [];
  // An SVG's drawn size says nothing about its sharpness: it is drawn at any size.
  const raster = info.format !== "svg";
  if (raster && Math.max(size.width, size.height) < LOGO_MIN_PIXELS) {
    found.push(
      diagnose(
        "logo-too-small",
        place,
        { file, width: size.width, height: size.height, min: LOGO_MIN_PIXELS },
        "warning",
      ),
    );
  }
  const ratio = size.width / size.height;
  if (ratio > LOGO_MAX_RATIO || ratio < 1 / LOGO_MAX_RATIO) {
    found.push(
      diagnose(
        "logo-out-of-shape",
        place,
        {
          file,
          width: size.width,
          height: size.height,
          wide: ratio > 1,
          max: LOGO_MAX_RATIO,
        },
        "warning",
      ),
    );
  }
  return found;
}
