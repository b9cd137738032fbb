import { join } from "node:path";
import { renderPressKit } from "@herald/pdf";
import { type Renderer, writeOutput } from "../pipeline.js";

/** One PDF press kit per translation, beside its web page. */
export const pressKits: Renderer = {
  name: "press kits",
  async render({ content, documents }, outDir, { warn, paper }) {
    const parts = [];
    for (const d of documents) {
      const kit = await renderPressKit(d, { contentDir: content.dir, pageSize: paper });
      for (const warning of kit.warnings) warn(warning);
      await writeOutput(join(outDir, d.pdf.file), kit.bytes);
      parts.push({ id: d.id, locale: d.locale, pdf: d.pdf.file });
    }
    return parts;
  },
};
