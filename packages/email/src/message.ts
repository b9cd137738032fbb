import { createHash } from "node:crypto";
import type { Site } from "@herald/model";
import MailComposer from "nodemailer/lib/mail-composer";
import type Mail from "nodemailer/lib/mailer";
import { type CompiledEmail, type Recipient, singleLine } from "./render.js";

export interface MessageOptions {
  /** The PDF press kit to attach. */
  attachment?: { filename: string; content: Uint8Array };
  /**
   * The Date header: when the message is handed to the server (or written to the outbox).
   * Without it, the announcement's date, so a build's sample .eml is the same bytes each time.
   */
  date?: Date;
}

/**
 * The campaign an email belongs to: the embargoed one sent to journalists ahead of its time
 * (one per embargo instant: a moved embargo is news of its own), or, without one, the public
 * one. Different campaigns are different messages to the same recipient.
 */
export const campaignOf = (email: CompiledEmail): string | undefined =>
  email.document.embargo && `embargo ${email.document.embargo.utc}`;

const digest = (email: CompiledEmail, recipient: Recipient) => {
  const { id, locale } = email.document;
  const campaign = campaignOf(email);
  // The public campaign's hash is as it always was: journals and resent messages still match.
  return createHash("sha256")
    .update(
      `${id}\u0000${locale}\u0000${recipient.email.toLowerCase()}${campaign ? `\u0000${campaign}` : ""}`,
    )
    .digest("hex");
};

/**
 * A Message-ID from announcement, locale, recipient and campaign: a resent message is the same
 * one, and the embargoed message and the public one are two.
 */
export function messageId(site: Site, email: CompiledEmail, recipient: Recipient): string {
  const { id, locale } = email.document;
  return `<${id}.${locale}.${digest(email, recipient).slice(0, 24)}@${new URL(site.url).hostname}>`;
}

/**
 * The nodemailer message for one recipient: headers encoded by nodemailer, never by hand.
 * `site` gives the sender, the reply address and the domain of the Message-ID.
 */
export function buildMessage(
  site: Site,
  email: CompiledEmail,
  recipient: Recipient,
  options: MessageOptions = {},
): Mail.Options {
  const parts = email.personalize(recipient);
  const { newsletter } = site;
  // Always at least the mailto: address (the fallback is the reply address), so every mail
  // client offers its own unsubscribe button.
  const unsubscribe = [parts.unsubscribeUrl, parts.unsubscribeMailto].filter(Boolean) as string[];
  return {
    from: { name: singleLine(newsletter.from.name), address: newsletter.from.email },
    ...(newsletter.replyTo && { replyTo: newsletter.replyTo }),
    to: { name: recipient.name ? singleLine(recipient.name) : "", address: recipient.email },
    subject: parts.subject,
    // Base64 for every part: half the size of quoted-printable for CJK text, and set once,
    // so nodemailer need not scan each message to choose an encoding.
    textEncoding: "base64",
    html: parts.html,
    text: parts.text,
    messageId: messageId(site, email, recipient),
    // MIME boundaries from the same hash, so the same message is the same bytes.
    baseBoundary: digest(email, recipient).slice(24, 40),
    date: options.date ?? new Date(`${email.document.date.iso}T00:00:00Z`),
    headers: {
      "List-Unsubscribe": unsubscribe.map((u) => `<${u}>`).join(", "),
      // RFC 8058 one-click: an https address that names the recipient, to POST to.
      ...(parts.oneClick && { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" }),
    },
    ...(options.attachment && {
      attachments: [
        {
          filename: options.attachment.filename,
          content: Buffer.from(options.attachment.content),
          contentType: "application/pdf",
        },
      ],
    }),
  };
}

/** The whole message as RFC 5322 bytes (an .eml file any mail client opens). */
export function toEml(message: Mail.Options): Promise<Buffer> {
  return new MailComposer(message).compile().build();
}
