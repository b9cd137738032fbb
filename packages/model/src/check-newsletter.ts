import { type Diagnostic, diagnose, didYouMean } from "./diagnostics.js";
import type { Site } from "./schema.js";
import type { YamlSource } from "./yaml-source.js";

// What a newsletter needs to be sent responsibly: a one-click unsubscribe address whose
// placeholders Herald can fill, and the sender's postal address. Missing ones are warnings
// for senders: the site builds without them; herald send refuses to send by SMTP without the
// address.

/** The placeholders an unsubscribe URL may contain, filled in for each recipient. */
export const UNSUBSCRIBE_PLACEHOLDERS = ["email", "token", "locale"] as const;

/** Each `{name}` of a URL as written (or percent-encoded, %7Bname%7D). */
export const placeholdersIn = (url: string): string[] =>
  [...url.matchAll(/\{([^{}]*)\}|%7B(.*?)%7D/gi)].map((m) => m[1] ?? m[2] ?? "");

/**
 * `errors`: unsubscribe URLs Herald cannot fill. `sending`: warnings for what a sender needs;
 * herald check and herald send say them, a build does not (it sends nothing).
 */
export function checkNewsletter(
  site: Site,
  source: YamlSource,
): { errors: Diagnostic[]; sending: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const sending: Diagnostic[] = [];
  const { unsubscribe, postalAddress } = site.newsletter;
  const known: readonly string[] = UNSUBSCRIBE_PLACEHOLDERS;
  if (unsubscribe?.url) {
    const names = placeholdersIn(unsubscribe.url);
    // The token signs an address: the endpoint must be told which one.
    if (names.includes("token") && !names.includes("email"))
      diagnostics.push(
        diagnose("token-without-email", source.at(["newsletter", "unsubscribe", "url"])),
      );
    const place = source.at(["newsletter", "unsubscribe", "url"]);
    // RFC 8058: mail providers POST only to https, and the POST must name whom it is for.
    if (new URL(unsubscribe.url).protocol !== "https:")
      sending.push(diagnose("insecure-unsubscribe-url", place, {}, "warning"));
    else if (!names.includes("email"))
      sending.push(diagnose("one-click-without-recipient", place, {}, "warning"));
    for (const name of names) {
      if (known.includes(name)) continue;
      const suggestion = didYouMean(name.toLowerCase(), UNSUBSCRIBE_PLACEHOLDERS);
      diagnostics.push(
        diagnose("unknown-url-placeholder", source.at(["newsletter", "unsubscribe", "url"]), {
          placeholder: `{${name}}`,
          ...(suggestion && { suggestion: `{${suggestion}}` }),
        }),
      );
    }
  } else {
    sending.push(diagnose("no-one-click-unsubscribe", source.at(["newsletter"]), {}, "warning"));
  }
  if (postalAddress === undefined)
    sending.push(diagnose("no-postal-address", source.at(["newsletter"]), {}, "warning"));
  return { errors: diagnostics, sending };
}
