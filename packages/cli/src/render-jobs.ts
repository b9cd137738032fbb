import { announcementDocument, type Content } from "@herald/model";

// The heavy work of a build, one output of one translation at a time: what the worker threads
// run (render-worker.ts), and the build itself when it runs without them. A job names its
// translation by place, and the worker makes the document from the same content the build
// loaded, so every thread lays out exactly what was checked.

/** The content of one part of the build (published or embargoed), as the workers get it. */
export interface JobContent {
  content: Content;
  embargoed: boolean;
}

export type RenderJob =
  | { kind: "pdf"; part: number; index: number; paper: "a4" | "letter" }
  | {
      kind: "email";
      part: number;
      index: number;
      /** Under embargo the sample message carries the press kit the build made. */
      attachment?: { filename: string; content: Uint8Array };
    };

/** A job's files (a PDF; an email's HTML, text and sample .eml) and what to tell the user. */
export interface RenderResult {
  files: Uint8Array[];
  warnings: string[];
}

const encoder = new TextEncoder();

export async function runJob(parts: readonly JobContent[], job: RenderJob): Promise<RenderResult> {
  const part = parts[job.part];
  const announcement = part?.content.announcements[job.index];
  if (!part || !announcement) throw new Error(`No translation ${job.part}/${job.index} to render.`);
  const { content } = part;
  const document = announcementDocument(
    content,
    announcement,
    part.embargoed ? { embargoed: true } : undefined,
  );
  if (job.kind === "pdf") {
    const { renderPressKit } = await import("@herald/pdf");
    const kit = await renderPressKit(document, { contentDir: content.dir, pageSize: job.paper });
    return { files: [kit.bytes], warnings: kit.warnings };
  }
  const { buildMessage, compileEmail, sampleRecipient, toEml } = await import("@herald/email");
  const email = compileEmail(content.site, document);
  // A sample addressed to a placeholder investor, to open in any mail client.
  const sample = sampleRecipient(document);
  const message = email.personalize(sample);
  const attachment = job.attachment && {
    attachment: { filename: job.attachment.filename, content: Buffer.from(job.attachment.content) },
  };
  const eml = await toEml(buildMessage(content.site, email, sample, attachment));
  return {
    files: [encoder.encode(message.html), encoder.encode(message.text), new Uint8Array(eml)],
    warnings: [],
  };
}
