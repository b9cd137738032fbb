import { type AnnouncementDocument, escapeHtml, placeholdersIn, type Site } from "@herald/model";
import { emailHtml } from "./html.js";
import { preheaderOf } from "./preheader.js";
import { fill, templateOf } from "./template.js";
import { plainText } from "./text.js";
import { fillUnsubscribeUrl } from "./unsubscribe.js";

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
  /** The unsubscribe address for this recipient, if the site has one. */
  unsubscribeUrl?: string;
  /**
   * Whether it takes RFC 8058 one-click POSTs: https, and it names the recipient (without
   * {email} a POST could not say who leaves).
   */
  oneClick: boolean;
  /**
   * The mailto: unsubscribe address: the site's, or else the reply address with the subject
   * "unsubscribe", so there always is one.
   */
  unsubscribeMailto: string;
}

export interface CompileOptions {
  /**
   * The token of an address for an unsubscribe URL with {token} (see unsubscribe.ts). Without
   * it (a build's sample email, the preview), {token} reads "sample".
   */
  tokenFor?: (email: string) => string;
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
export function compileEmail(
  site: Site,
  document: AnnouncementDocument,
  options: CompileOptions = {},
): CompiledEmail {
  const { words } = document;
  // Under embargo the subject says so first, in the document's language.
  const subject = singleLine(
    document.embargo ? words.embargoSubject(document.embargo.when, document.title) : document.title,
  );
  const preheader = singleLine(preheaderOf(document));
  const html = templateOf((marks) => emailHtml(document, marks), { greeting: 1, unsubscribe: 1 });
  const text = templateOf((marks) => plainText(document, marks), { greeting: 1, unsubscribe: 1 });
  const { newsletter } = site;
  const unsubscribe = newsletter.unsubscribe;
  const url = unsubscribe?.url ?? "";
  const oneClick = url.startsWith("https:") && placeholdersIn(url).includes("email");
  return {
    document,
    personalize(recipient) {
      const name = recipient.name ? singleLine(recipient.name) : "";
      const greeting = name ? words.greeting(name) : words.greetingWithoutName;
      const unsubscribeUrl =
        unsubscribe?.url &&
        fillUnsubscribeUrl(unsubscribe.url, {
          email: recipient.email,
          locale: document.locale,
          token: options.tokenFor?.(recipient.email) ?? "sample",
        });
      const unsubscribeMailto = `mailto:${unsubscribe?.mailto ?? newsletter.replyTo ?? newsletter.from.email}?subject=${encodeURIComponent(`unsubscribe ${recipient.email}`)}`;
      const leave = unsubscribeUrl ?? unsubscribeMailto;
      return {
        subject,
        preheader,
        html: fill(html, { greeting: escapeHtml(greeting), unsubscribe: escapeHtml(leave) }),
        text: fill(text, { greeting, unsubscribe: leave }),
        unsubscribeUrl,
        unsubscribeMailto,
        oneClick,
      };
    },
  };
}
