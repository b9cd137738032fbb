import { join } from "node:path";
import { fingerprintOf } from "../fingerprint.js";
import { type Renderer, writeOutput } from "../pipeline.js";
import { cachedOutputs, documentInputs } from "./cached.js";

/** One PDF press kit per translation, beside its web page. */
export const pressKits: Renderer = {
  name: "press kits",
  count: (documents) => documents,
  async render({ content, documents, part }, outDir, tools) {
    const { paper, progress } = tools;
    const warnings = await cachedOutputs(
      tools,
      "pdf",
      documents,
      async (d) => ({
        inputs: [fingerprintOf("@herald/pdf"), paper, ...(await documentInputs(content, d))],
        job: { kind: "pdf", part, document: d, paper },
      }),
      async (d, record) => {
        await writeOutput(
          join(outDir, d.pdf.file),
          () => record.files[0] as Uint8Array,
          record.kept[0],
        );
        progress.tick("press kits");
        return record.meta.warnings;
      },
    );
    // In the content's order, whichever thread finished first.
    for (const warning of warnings.flat()) tools.warn(warning);
    return documents.map((d) => ({ id: d.id, locale: d.locale, pdf: d.pdf.file }));
  },
};
