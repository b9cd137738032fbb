import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fingerprintOf } from "../fingerprint.js";
import { type Renderer, writeOutput } from "../pipeline.js";
import { cachedOutputs, documentInputs } from "./cached.js";

/** Each translation's newsletter: its HTML and text parts, and a sample message to open. */
export const newsletters: Renderer = {
  name: "newsletters",
  after: ["press kits"],
  count: (documents) => documents,
  async render({ content, documents, part }, outDir, tools) {
    const { progress } = tools;
    await cachedOutputs(
      tools,
      "email",
      documents,
      async (d) => {
        // Under embargo the email says its press kit is attached (it links to none): the
        // sample carries the one the build just made.
        const pdf = join(outDir, d.pdf.file);
        const attachment =
          d.embargo && existsSync(pdf)
            ? { filename: basename(d.pdf.path), content: new Uint8Array(await readFile(pdf)) }
            : undefined;
        return {
          inputs: [
            fingerprintOf("@herald/email"),
            content.site,
            ...(await documentInputs(content, d)),
            attachment && createHash("sha256").update(attachment.content).digest("hex"),
          ],
          job: { kind: "email", part, document: d, ...(attachment && { attachment }) },
        };
      },
      async (d, record) => {
        const paths = [d.email.html, d.email.text, d.email.eml];
        for (const [i, path] of paths.entries())
          await writeOutput(
            join(outDir, path),
            () => record.files[i] as Uint8Array,
            record.kept[i],
          );
        progress.tick("newsletters");
      },
    );
    return documents.map((d) => ({ id: d.id, locale: d.locale, email: d.email }));
  },
};
