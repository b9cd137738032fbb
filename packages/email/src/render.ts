import { type AnnouncementDocument, escapeHtml, type Site } from "@herald/model";
import { emailHtml } from "./html.js";
import { fill, templateOf } from "./template.js";
import { plainText } from "./text.js";

// The newsletter of one announcement document: both parts rendered once as templates, then
// filled in for each recipient (see template.ts).

export interface Recipient {
  email: string;
  name?: string;
}

/** The placeholder investor of sample emails (the build's .eml, the dev preview). */
export const sampleRecipient = (document: AnnouncementDocument): Recipient => ({
  email: "investor@example.com",
  name: document.words.sampleRecipient,
});

export interface EmailParts {
  subject: string;
  /** Hidden text mail clients show after the subject in the inbox. */
  preheader: string;
  html: string;
  text: string;
  /** The one-click unsubscribe address for this recipient, if the site has one. */
  unsubscribeUrl?: string;
  /** The mailto: unsubscribe address, if any. */
  unsubscribeMailto?: string;
}

export interface CompiledEmail {
  /** The document both parts lay out. */
  document: AnnouncementDocument;
  /** The parts for one recipient. */
  personalize(recipient: Recipient): EmailParts;
}

/** Line breaks and other control characters never reach a header or the greeting. */
export const singleLine = (text: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();

/**
 * Renders the newsletter of `document` once; `personalize` fills in each recipient. `site`
 * gives the newsletter's settings (the unsubscribe address); what the email shows comes from
 * the document.
 */
export function compileEmail(site: Site, document: AnnouncementDocument): CompiledEmail {
  const { words } = document;
  const subject = singleLine(document.title);
  const preheader = singleLine(document.summary);
  const html = templateOf((marks) => emailHtml(document, marks), { greeting: 1, unsubscribe: 1 });
  const text = templateOf((marks) => plainText(document, marks), { greeting: 1, unsubscribe: 1 });
  const { newsletter } = site;
  const unsubscribe = newsletter.unsubscribe;
  return {
    document,
    personalize(recipient) {
      const name = recipient.name ? singleLine(recipient.name) : "";
      const greeting = name ? words.greeting(name) : words.greetingWithoutName;
      const unsubscribeUrl = unsubscribe?.url?.replace(
        /\{email\}|%7Bemail%7D/gi,
        encodeURIComponent(recipient.email),
      );
      const unsubscribeMailto = unsubscribe?.mailto
        ? `mailto:${unsubscribe.mailto}?subject=${encodeURIComponent(`unsubscribe ${recipient.email}`)}`
        : undefined;
      const leave =
        unsubscribeUrl ??
        unsubscribeMailto ??
        `mailto:${newsletter.replyTo ?? newsletter.from.email}?subject=unsubscribe`;
      return {
        subject,
        preheader,
        html: fill(html, { greeting: escapeHtml(greeting), unsubscribe: escapeHtml(leave) }),
        text: fill(text, { greeting, unsubscribe: leave }),
        unsubscribeUrl,
        unsubscribeMailto,
      };
    },
  };
}
