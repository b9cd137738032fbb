// How wide text is in a monospaced mail client: East Asian wide and fullwidth characters take
// two columns, combining marks none. The text part lines up underlines and table columns with
// it; it is layout, not language, so it lives here and nowhere else.

const wide =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\ua960-\ua97f\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1f64f}\u{1f900}-\u{1f9ff}\u{20000}-\u{3fffd}]/u;
const zero = /[\p{M}\u200b-\u200f\u2060\ufeff]/u;

/** The number of columns `text` takes in a monospaced font. */
export function textWidth(text: string): number {
  let width = 0;
  for (const c of text) width += zero.test(c) ? 0 : wide.test(c) ? 2 : 1;
  return width;
}
