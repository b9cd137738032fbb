import { doIUseEmail } from "@jsx-email/doiuse-email";
import { beforeAll, describe, expect, it } from "vitest";
import { type BuiltEmail, builtEmails } from "./emails.js";

// Issue 12: the HTML of every built email checked against the caniemail data
// (@jsx-email/doiuse-email) for the clients investors read in. Every finding left is one we
// accept knowingly: what the client does instead is harmless, and the reason is written here
// and in the README. A new finding fails the test, to be fixed or added here with its reason.

const CLIENTS = ["gmail.*", "outlook.*", "apple-mail.*", "yahoo.*"];

/** Feature → the clients that lack it, and why that is acceptable. */
const ACCEPTED: Record<string, { clients: string[]; reason: string }> = {
  "<body> element": {
    clients: ["outlook.android", "outlook.ios", "outlook.macos", "yahoo.android", "yahoo.ios"],
    reason:
      "the client replaces <body>; the background, the direction and the language are set again on the frame tables",
  },
  "@media": {
    clients: ["gmail.mobile-webmail", "outlook.windows", "outlook.windows-mail"],
    reason:
      "only the narrow-screen padding, the stat tiles' phone layout and dark mode live in media queries; without them the email is the light 600 px layout, which is complete, its tiles inline blocks that wrap within any width (Outlook for Windows gets them from a table of its own)",
  },
  "Class selector": {
    clients: ["gmail.mobile-webmail"],
    reason:
      "every rule is also inlined on its elements (juice), so a client without <style> keeps the look",
  },
  "Type selector": {
    clients: ["gmail.mobile-webmail"],
    reason: "every rule is also inlined on its elements (juice)",
  },
  "Descendant combinator": {
    clients: ["gmail.mobile-webmail"],
    reason: "every rule is also inlined on its elements (juice)",
  },
  "aria-hidden attribute": {
    clients: ["outlook.windows-mail", "yahoo.android", "yahoo.desktop-webmail", "yahoo.ios"],
    reason: "only on the hidden preheader, which these clients hide with display:none anyway",
  },
  "role attribute": {
    clients: ["outlook.windows-mail"],
    reason:
      "role=presentation on the layout tables; a client that drops it reads them as tables, which a screen reader announces but nobody sees",
  },
  "border-radius": {
    clients: ["outlook.windows", "outlook.windows-mail"],
    reason: "the button has square corners there; it is whole, coloured and clickable",
  },
  "display:none": {
    clients: ["gmail.mobile-webmail"],
    reason:
      "only the preheader uses it, which also has max-height: 0 and overflow: hidden, read there, so it stays hidden",
  },
  overflow: {
    clients: ["outlook.android", "outlook.windows", "outlook.windows-mail", "yahoo.android"],
    reason: "only on the preheader, which display:none (or mso-hide:all) already hides there",
  },
  "overflow-wrap": {
    clients: [
      "apple-mail.ios",
      "apple-mail.macos",
      "gmail.android",
      "gmail.desktop-webmail",
      "gmail.ios",
      "outlook.android",
      "outlook.ios",
      "outlook.windows",
      "outlook.windows-mail",
      "yahoo.android",
      "yahoo.desktop-webmail",
      "yahoo.ios",
    ],
    reason:
      "lets a long address break anywhere; without it, word-break: break-word (Apple Mail, Gmail, Outlook apps) or the client's own wrapping does the same",
  },
  "word-break": {
    clients: ["outlook.windows-mail", "yahoo.android", "yahoo.desktop-webmail", "yahoo.ios"],
    reason:
      "the same fallback for long words and addresses; Korean keeps its words whole only where keep-all is read, and otherwise breaks them as these clients break any CJK text",
  },
  "white-space": {
    clients: ["outlook.windows", "outlook.windows-mail"],
    reason:
      "only in the stylesheet's rule for code blocks (pre-wrap, so long code lines wrap); there a long code line stays one line. The phone number keeps to one line with no-break spaces, not CSS",
  },
  "text-emphasis": {
    clients: [
      "gmail.android",
      "gmail.mobile-webmail",
      "outlook.android",
      "outlook.windows",
      "outlook.windows-mail",
      "yahoo.android",
      "yahoo.desktop-webmail",
      "yahoo.ios",
    ],
    reason:
      "emphasis in Chinese, Japanese and Korean is dotted where it is read; elsewhere the words are upright and plain (never slanted by the client), as issue 11 chose",
  },
  "text-emphasis-position": {
    clients: [
      "gmail.android",
      "gmail.desktop-webmail",
      "gmail.ios",
      "gmail.mobile-webmail",
      "outlook.android",
      "outlook.ios",
      "outlook.windows",
      "outlook.windows-mail",
      "yahoo.android",
      "yahoo.desktop-webmail",
      "yahoo.ios",
    ],
    reason: "the dots stand on the default side (over the text) where the position is not read",
  },
};

let emails: BuiltEmail[];
beforeAll(async () => {
  emails = await builtEmails();
});

/** Feature → clients, from doiuse's "`feature` is not supported by `client`" errors. */
function findings(html: string): Map<string, Set<string>> {
  const found = new Map<string, Set<string>>();
  const result = doIUseEmail(html, { emailClients: CLIENTS });
  for (const error of result.success ? [] : result.errors) {
    const m = /^`(.+)` is not supported by `(.+)`$/.exec(error);
    if (!m) throw new Error(`an unexpected finding: ${error}`);
    const [, feature = "", client = ""] = m;
    found.set(feature, (found.get(feature) ?? new Set()).add(client));
  }
  return found;
}

describe("#12: caniemail", () => {
  it("#12: every built email uses only what Gmail, Outlook, Apple Mail and Yahoo support, or what is accepted with a reason", () => {
    expect(emails.map((e) => e.name)).toEqual([
      "sample zh-CN",
      "sample en",
      "world en",
      "world de",
      "world ko",
      "world zh-TW",
      "world ar",
      "world-ja ja",
      "embargoed-sample en",
      "embargoed-sample zh-CN",
      "embargoed-world ar",
    ]);
    const all = new Map<string, Set<string>>();
    for (const { name, parts } of emails) {
      const found = findings(parts.html);
      for (const [feature, clients] of found) {
        const accepted = ACCEPTED[feature]?.clients ?? [];
        // Named per email, so a new finding says where it is.
        expect({
          name,
          feature,
          clients: [...clients].filter((c) => !accepted.includes(c)),
        }).toEqual({ name, feature, clients: [] });
        for (const c of clients) all.set(feature, (all.get(feature) ?? new Set()).add(c));
      }
    }
    // And every accepted finding is still there: one that went away leaves the list.
    const seen = Object.fromEntries([...all].map(([f, c]) => [f, [...c].sort()]));
    const accepted = Object.fromEntries(
      Object.entries(ACCEPTED).map(([f, { clients }]) => [f, [...clients].sort()]),
    );
    expect(seen).toEqual(accepted);
  });

  it("#12: the check finds what it should: a local anchor", () => {
    const found = findings('<html><body><a href="#fn-1">1</a><p id="fn-1">note</p></body></html>');
    expect([...(found.get("Local anchors") ?? [])]).toContain("gmail.ios");
  });
});
