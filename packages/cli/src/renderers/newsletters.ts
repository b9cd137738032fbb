import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { buildMessage, compileEmail, sampleRecipient, toEml } from "@herald/email";
import { type Renderer, writeOutput } from "../pipeline.js";

/** Each translation's newsletter: its HTML and text parts, and a sample message to open. */
export const newsletters: Renderer = {
  name: "newsletters",
  async render({ content, documents }, outDir) {
    const parts = [];
    for (const d of documents) {
      const email = compileEmail(content.site, d);
      // A sample addressed to a placeholder investor, to open in any mail client.
      const sample = sampleRecipient(d);
      const message = email.personalize(sample);
      await writeOutput(join(outDir, d.email.html), message.html);
      await writeOutput(join(outDir, d.email.text), message.text);
      // Under embargo the email says its press kit is attached (it links to none): the sample
      // carries the one the build just made.
      const pdf = join(outDir, d.pdf.file);
      const attachment =
        d.embargo && existsSync(pdf)
          ? { filename: basename(d.pdf.path), content: await readFile(pdf) }
          : undefined;
      await writeOutput(
        join(outDir, d.email.eml),
        await toEml(buildMessage(content.site, email, sample, attachment && { attachment })),
      );
      parts.push({ id: d.id, locale: d.locale, email: d.email });
    }
    return parts;
  },
};
