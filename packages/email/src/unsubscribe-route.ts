import { parseAddress } from "./address.js";

// Where the unsubscribe server answers: the path of `newsletter.unsubscribe.url`, with its
// placeholders read back from the request. {email}, {token} and {locale} may stand in path
// segments (/u/{token}/{email}) or query values (?email={email}&token={token}). The server
// runs behind a reverse proxy, so the template's scheme and host are never compared, and
// query parameters the template does not name (utm_source added by a mail client) are ignored.

export type Placeholder = "email" | "token" | "locale";

/** What a request names: the values of the template's placeholders, as far as it gives them. */
export type RouteValues = Partial<Record<Placeholder, string>>;

export interface UnsubscribeRoute {
  /** The template's path as written, placeholders included: /unsubscribe, /u/{token}/{email}. */
  path: string;
  /** The placeholders the template has, wherever they are. */
  placeholders: Placeholder[];
  /** The values in a request's URL (path and query), or undefined when its path is another. */
  match(requestUrl: string): RouteValues | undefined;
}

// As fillUnsubscribeUrl reads them: {name} as written, or percent-encoded (%7Bname%7D).
const PLACEHOLDER = /\{(email|token|locale)\}|%7B(email|token|locale)%7D/gi;

interface Pattern {
  regex: RegExp;
  names: Placeholder[];
}

/** A pattern for one path segment or query value of the template, or undefined if literal. */
function patternOf(part: string): Pattern | undefined {
  const names: Placeholder[] = [];
  let source = "";
  let last = 0;
  for (const m of part.matchAll(PLACEHOLDER)) {
    source += escapeRegex(decodeLiteral(part.slice(last, m.index)));
    names.push(String(m[1] ?? m[2]).toLowerCase() as Placeholder);
    // Lazy, so a literal after the placeholder (/u/{token}.html) stays out of its value.
    source += "(.+?)";
    last = m.index + m[0].length;
  }
  if (names.length === 0) return undefined;
  source += escapeRegex(decodeLiteral(part.slice(last)));
  return { regex: new RegExp(`^${source}$`, "su"), names };
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A percent-encoded piece of the template as text; left as written when it is not valid. */
function decodeLiteral(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A request's path segment decoded, or undefined when its percent-encoding is broken. */
function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

/**
 * The route of an unsubscribe URL template. Throws (with a message for site.yaml) when the
 * template puts {email} or {token} where a request cannot carry it back (the host, a query
 * parameter's name, the fragment).
 */
export function unsubscribeRoute(template: string): UnsubscribeRoute {
  const url = new URL(template);
  const segments = url.pathname.split("/");
  const segmentPatterns = segments.map(patternOf);
  const queryPatterns: Array<{ key: string; pattern: Pattern }> = [];
  // The raw query: URLSearchParams would read a literal "+" in the template as a space.
  for (const pair of url.search.replace(/^\?/, "").split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const key = decodeLiteral(eq < 0 ? pair : pair.slice(0, eq));
    const pattern = patternOf(eq < 0 ? "" : pair.slice(eq + 1));
    if (pattern) queryPatterns.push({ key, pattern });
  }
  const placeholders = [
    ...segmentPatterns.flatMap((p) => p?.names ?? []),
    ...queryPatterns.flatMap((q) => q.pattern.names),
  ];
  for (const name of ["email", "token"] as const) {
    const all = [...template.matchAll(PLACEHOLDER)].filter(
      (m) => String(m[1] ?? m[2]).toLowerCase() === name,
    ).length;
    const readable = placeholders.filter((p) => p === name).length;
    if (all > readable)
      throw new Error(
        `{${name}} stands where the server cannot read it back (the host name, a query parameter's name or the part after #); put it in the path or in a query value, like ?${name}={${name}}`,
      );
  }
  // The path as the template writes it, placeholders readable: what the server prints.
  const shownPath = url.pathname.replace(
    /%7B(email|token|locale)%7D/gi,
    (_, name: string) => `{${name.toLowerCase()}}`,
  );

  return {
    path: shownPath,
    placeholders: [...new Set(placeholders)],
    match(requestUrl) {
      const request = new URL(requestUrl, "http://unsubscribe.invalid");
      const parts = request.pathname.split("/");
      if (parts.length !== segments.length) return undefined;
      const values: RouteValues = {};
      for (const [i, part] of parts.entries()) {
        const decoded = decodeSegment(part);
        if (decoded === undefined) return undefined;
        const pattern = segmentPatterns[i];
        if (!pattern) {
          if (decoded !== decodeLiteral(segments[i] ?? "")) return undefined;
          continue;
        }
        const m = pattern.regex.exec(decoded);
        if (!m) return undefined;
        pattern.names.forEach((name, j) => {
          values[name] ??= m[j + 1];
        });
      }
      const query = request.searchParams;
      for (const { key, pattern } of queryPatterns) {
        const value = query.get(key);
        const m = value === null ? null : pattern.regex.exec(value);
        if (!m) continue;
        pattern.names.forEach((name, j) => {
          let found = m[j + 1];
          // A "+" of the address left unencoded (by hand, or by a mail client) reads as a
          // space in a query; no address has a space, so it was a "+".
          if (name === "email" && found) found = found.replace(/ /g, "+");
          values[name] ??= found;
        });
      }
      return values;
    },
  };
}

/** The address a request names, checked to be one, or undefined. */
export const requestedAddress = (values: RouteValues): string | undefined => {
  const email = values.email?.trim();
  return email && parseAddress(email) ? email : undefined;
};
