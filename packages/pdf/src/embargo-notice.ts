import type { Color, TextBlockOptions } from "./flow.js";
import { type Context, INK, run } from "./look.js";
import type { Run } from "./text.js";

// The embargo notice at the top of the cover: what a journalist must see before anything
// else, in a framed box, in the document's language: until when, and that nothing may be
// published before then. Calm (one frame, one colour) but not to be missed.

/** The notice's frame and its first line: a deep red, dark enough to read as text. */
export const NOTICE: Color = [0.64, 0.13, 0.1];
const PAD = { x: 12, y: 9 };
const FRAME = 1.2;

/** A block whose height is known before it is drawn where the flow stands. */
export interface Block {
  height: number;
  draw: () => void;
}

/** The embargo notice of an embargoed document; none for a published one. */
export function embargoNotice(ctx: Context): Block | undefined {
  const { flow, document } = ctx;
  const notice = document.embargo;
  if (!notice) return undefined;
  const loose = document.cjk ? 1.6 : 1.4;
  const inside = { indent: PAD.x, indentEnd: PAD.x };
  const items: Array<[Run[], TextBlockOptions]> = [
    [[run(notice.text, "bold", 11.5, NOTICE)], { ...inside, lineHeight: 11.5 * loose }],
    [[run(notice.note, "regular", 9.5, INK)], { ...inside, lineHeight: 9.5 * (loose + 0.1) }],
  ];
  const height =
    items.reduce((sum, [runs, options]) => sum + flow.heightOf(runs, options), 0) + 2 * PAD.y;
  return {
    height,
    draw: () => {
      const top = flow.cursor;
      const left = flow.box.margin.left;
      const width = flow.width;
      const bottom = top - height;
      // White inside, on the cover's tint; then the frame.
      flow.op({ kind: "rect", x: left, y: bottom, width, height, color: [1, 1, 1] });
      for (const [x, y, w, h] of [
        [left, top - FRAME, width, FRAME],
        [left, bottom, width, FRAME],
        [left, bottom, FRAME, height],
        [left + width - FRAME, bottom, FRAME, height],
      ] as const) {
        flow.op({ kind: "rect", x, y, width: w, height: h, color: NOTICE });
      }
      flow.moveTo(top - PAD.y);
      for (const [runs, options] of items) flow.text(runs, options);
      flow.moveTo(bottom);
    },
  };
}
