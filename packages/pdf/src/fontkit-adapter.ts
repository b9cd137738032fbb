import { EventEmitter } from "node:events";
import * as fontkit from "fontkit";
import type { PDFDocument } from "pdf-lib";

type Fontkit = Parameters<PDFDocument["registerFontkit"]>[0];

// pdf-lib's own fontkit fork writes broken subsets of CJK fonts (the page looks right only
// where a CJK system font stands in: https://github.com/Hopding/pdf-lib/issues/1279).
// Upstream fontkit 2 subsets correctly, but replaced `subset.encodeStream()` (which pdf-lib
// calls) with a synchronous `encode()`; this shim gives pdf-lib the stream it expects.
type Subset = { encode(): Uint8Array; encodeStream?: () => EventEmitter };

export const upstreamFontkit: Fontkit = {
  create(data: Uint8Array) {
    const font = fontkit.create(Buffer.from(data)) as unknown as {
      createSubset(): Subset;
    };
    const createSubset = font.createSubset.bind(font);
    font.createSubset = () => {
      const subset = createSubset();
      subset.encodeStream = () => {
        const stream = new EventEmitter();
        queueMicrotask(() => {
          stream.emit("data", subset.encode());
          stream.emit("end");
        });
        return stream;
      };
      return subset;
    };
    return font as never;
  },
} as Fontkit;
