import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fingerprintOf } from "../fingerprint.js";
import { type Renderer, writeOutput } from "../pipeline.js";
import { cachedRender, documentInputs, inOrder, lanesFor } from "./cached.js";

/** Each translation's newsletter: its HTML and text parts, and a sample message to open. */
export const newsletters: Renderer = {
  name: "newsletters",
  after: ["press kits"],
  count: (documents) => documents,
  async render({ content, documents, part }, outDir, tools) {
    const { pool, progress } = tools;
    await inOrder(documents, lanesFor(pool), async (d) => {
      // Under embargo the email says its press kit is attached (it links to none): the sample
      // carries the one the build just made.
      const pdf = join(outDir, d.pdf.file);
      const attachment =
        d.embargo && existsSync(pdf)
          ? { filename: basename(d.pdf.path), content: new Uint8Array(await readFile(pdf)) }
          : undefined;
      const inputs = async () => [
        fingerprintOf("@herald/email"),
        content.site,
        ...(await documentInputs(content, d)),
        attachment && createHash("sha256").update(attachment.content).digest("hex"),
      ];
      const record = await cachedRender(tools, "email", inputs, {
        kind: "email",
        part,
        document: d,
        ...(attachment && { attachment }),
      });
      const [html, text, eml] = record.files as [Uint8Array, Uint8Array, Uint8Array];
      await writeOutput(join(outDir, d.email.html), html);
      await writeOutput(join(outDir, d.email.text), text);
      await writeOutput(join(outDir, d.email.eml), eml);
      progress.tick("newsletters");
    });
    return documents.map((d) => ({ id: d.id, locale: d.locale, email: d.email }));
  },
};
