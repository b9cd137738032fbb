import {
  type AnnouncementDocument,
  type Content,
  type ContentWords,
  wordsFor,
} from "@herald/model";
import type { CardJob } from "@herald/web";

// The heavy work of a build, one output of one translation at a time: what the worker threads
// run (render-worker.ts), and the build itself when it runs without them. A job carries the
// translation's document, made once by the build from the content it checked: every thread
// lays out exactly that.

/** What a part of the build (published or embargoed) gives every job besides the document. */
export interface JobPart {
  /** The content folder, whose images the press kit embeds. */
  dir: string;
  site: Content["site"];
  /** The words labels.yaml gives, for the document's formatters (see `portable`). */
  words: ContentWords;
}

export const jobPartOf = (content: Content): JobPart => ({
  dir: content.dir,
  site: content.site,
  words: content.words,
});

export type RenderJob =
  | ({ part: number; document: AnnouncementDocument } & (
      | { kind: "pdf"; paper: "a4" | "letter" }
      | {
          kind: "email";
          /** Under embargo the sample message carries the press kit the build made. */
          attachment?: { filename: string; content: Uint8Array };
        }
    ))
  /** A social image the site's cache does not hold (plain data: its words and mark). */
  | { kind: "card"; card: CardJob };

/** A job's files (a PDF; an email's HTML, text and sample .eml) and what to tell the user. */
export interface RenderResult {
  files: Uint8Array[];
  warnings: string[];
}

/**
 * A document as it can cross to another thread: its words are formatters (functions), which
 * do not; `revive` makes them again there from the same words, as the model made them.
 */
export const portable = (d: AnnouncementDocument) => ({
  ...d,
  words: undefined,
  company: { ...d.company, words: undefined },
});

export function revive(d: ReturnType<typeof portable>, part: JobPart): AnnouncementDocument {
  const words = wordsFor(d.locale, part.words);
  return { ...d, words, company: { ...d.company, words } };
}

const encoder = new TextEncoder();

/** The part a job belongs to (a card belongs to none: the first stands in). */
export const partOf = (parts: readonly JobPart[], job: RenderJob) =>
  parts["part" in job ? job.part : 0] as JobPart;

export async function runJob(part: JobPart, job: RenderJob): Promise<RenderResult> {
  if (job.kind === "card") {
    const { drawCard } = await import("@herald/web/draw-card");
    return { files: [await drawCard(job.card)], warnings: [] };
  }
  const { document } = job;
  if (job.kind === "pdf") {
    const { renderPressKit } = await import("@herald/pdf");
    const kit = await renderPressKit(document, { contentDir: part.dir, pageSize: job.paper });
    return { files: [kit.bytes], warnings: kit.warnings };
  }
  const { buildMessage, compileEmail, sampleRecipient, toEml } = await import("@herald/email");
  const email = compileEmail(part.site, document);
  // A sample addressed to a placeholder investor, to open in any mail client.
  const sample = sampleRecipient(document);
  const message = email.personalize(sample);
  const attachment = job.attachment && {
    attachment: { filename: job.attachment.filename, content: Buffer.from(job.attachment.content) },
  };
  const eml = await toEml(buildMessage(part.site, email, sample, attachment));
  return {
    files: [encoder.encode(message.html), encoder.encode(message.text), new Uint8Array(eml)],
    warnings: [],
  };
}
