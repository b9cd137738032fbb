import { domainToASCII } from "node:url";

// Email addresses as people write them, international ones included (RFC 6531): the domain
// goes on the wire in its ASCII (punycode) form, a local part beyond ASCII needs SMTPUTF8.

export interface Address {
  /** As written in the list. */
  original: string;
  /** Local part as written, domain in ASCII: what goes into the envelope and the To header. */
  wire: string;
  /** The part before @ has characters beyond ASCII: only a server with SMTPUTF8 takes it. */
  needsSmtpUtf8: boolean;
  /** One key for every spelling of the same address (case, Unicode or punycode domain). */
  key: string;
}

// RFC 5322 atext, widened to any non-ASCII character as RFC 6531 does.
const LOCAL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\u{10ffff}-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\u0080-\u{10ffff}-]+)*$/u;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Parses an address, or returns undefined when it is not one. */
export function parseAddress(text: string): Address | undefined {
  const at = text.lastIndexOf("@");
  if (at <= 0 || at === text.length - 1) return undefined;
  const local = text.slice(0, at).normalize("NFC");
  const domain = text.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return undefined;
  // domainToASCII maps Unicode (and full-width dots) to punycode, "" when it cannot.
  const ascii = domainToASCII(domain);
  const labels = ascii.split(".");
  if (!ascii || ascii.length > 253 || labels.length < 2 || !labels.every((l) => LABEL.test(l)))
    return undefined;
  if (/^[0-9]+$/.test(labels.at(-1) ?? "")) return undefined;
  return {
    original: text,
    wire: `${local}@${ascii}`,
    // biome-ignore lint/suspicious/noControlCharactersInRegex: ASCII is the point.
    needsSmtpUtf8: /[^\u0000-\u007f]/.test(local),
    key: `${local.toLowerCase()}@${ascii}`,
  };
}
