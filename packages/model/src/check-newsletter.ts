import { type Diagnostic, diagnose, didYouMean } from "./diagnostics.js";
import type { Site } from "./schema.js";
import type { YamlSource } from "./yaml-source.js";

// What a newsletter needs to be sent responsibly: a one-click unsubscribe address whose
// placeholders Herald can fill, and the sender's postal address. Missing ones are warnings:
// the site builds without them; herald send refuses to send by SMTP without the address.

/** The placeholders an unsubscribe URL may contain, filled in for each recipient. */
export const UNSUBSCRIBE_PLACEHOLDERS = ["email", "token", "locale"] as const;

/** Each `{name}` of a URL as written (or percent-encoded, %7Bname%7D). */
export const placeholdersIn = (url: string): string[] =>
  [...url.matchAll(/\{([^{}]*)\}|%7B(.*?)%7D/gi)].map((m) => m[1] ?? m[2] ?? "");

export function checkNewsletter(site: Site, source: YamlSource): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const { unsubscribe, postalAddress } = site.newsletter;
  const known: readonly string[] = UNSUBSCRIBE_PLACEHOLDERS;
  if (unsubscribe?.url) {
    for (const name of placeholdersIn(unsubscribe.url)) {
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
    diagnostics.push(
      diagnose("no-one-click-unsubscribe", source.at(["newsletter"]), {}, "warning"),
    );
  }
  if (postalAddress === undefined)
    diagnostics.push(diagnose("no-postal-address", source.at(["newsletter"]), {}, "warning"));
  return diagnostics;
}
