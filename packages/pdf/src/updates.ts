import { textOf } from "@herald/model";
import type { Block } from "./embargo-notice.js";
import type { TextBlockOptions } from "./flow.js";
import { inline } from "./inline.js";
import { LinkNotes } from "./link-notes.js";
import { type Context, FIGURE, INK, RULE, run, sizes } from "./look.js";
import type { Run } from "./text.js";

// Corrections and updates, newest first, under the title: a ruled block in which each is
// headed by what it is and its day ("Correction, December 2, 2026"), its text laid out as
// the announcement's (bold, struck words, links with their numbered notes).

/** Space between the rules and the text. */
const PAD = 8;
const RULE_WIDTH = 0.8;

/** The updates of the document as one block; none without updates. */
export function updatesBlock(ctx: Context): Block | undefined {
  const { flow, document } = ctx;
  if (!document.updates.length) return undefined;
  const headingSize = sizes.small + 0.5;
  const items = (notes: LinkNotes): Array<[Run[], TextBlockOptions]> =>
    document.updates.flatMap(
      (u, i): Array<[Run[], TextBlockOptions]> => [
        [
          [run(u.heading, "bold", headingSize, FIGURE)],
          { before: i > 0 ? 2 : 0, lineHeight: headingSize * 1.7, keepTogether: true },
        ],
        ...u.text.blocks.map((block): [Run[], TextBlockOptions] => [
          block.type === "paragraph"
            ? inline(block.children, {
                style: "regular",
                size: sizes.body,
                color: INK,
                emphasis: ctx.emphasis,
                notes,
                sealed: ctx.sealed,
              })
            : [run(textOf(block))],
          {},
        ]),
      ],
    );
  // Measured with a copy of the link notes: only drawing numbers the addresses.
  const copy = new LinkNotes();
  for (const url of ctx.linkNotes.urls) copy.number(url);
  const measured = items(copy);
  const textHeight = measured.reduce(
    (sum, [runs, options]) => sum + flow.heightOf(runs, options),
    0,
  );
  const height = textHeight + 2 * PAD + 2 * RULE_WIDTH;
  const rule = () => {
    const { top, left } = flow.reserve(RULE_WIDTH);
    flow.op({
      kind: "rect",
      x: left,
      y: top - RULE_WIDTH,
      width: flow.width,
      height: RULE_WIDTH,
      color: RULE,
    });
  };
  return {
    height,
    draw: () => {
      // The rule above stays with the first update's heading and two lines of its text.
      const [heading, first] = measured;
      const start =
        (heading ? flow.heightOf(...heading) : 0) +
        (first ? flow.heightOf(first[0], first[1], 2) : 0);
      flow.ensure(Math.min(height, 2 * PAD + RULE_WIDTH + start));
      rule();
      flow.moveTo(flow.cursor - PAD);
      // Each heading stays with two lines of its text.
      for (const [runs, options] of items(ctx.linkNotes)) {
        flow.text(runs, options, options.keepTogether ? flow.rhythm * 2 : 0);
      }
      // The rule below, unless the block ends at the foot of a page: a rule alone at the top
      // of the next would close nothing there.
      if (flow.room >= PAD + RULE_WIDTH) {
        flow.moveTo(flow.cursor - PAD);
        rule();
      }
    },
  };
}
