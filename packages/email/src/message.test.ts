import { announcementDocument, loadContent, type Site, sampleContentDir } from "@herald/model";
import { describe, expect, it } from "vitest";
import { buildMessage, toEml } from "./message.js";
import { compileEmail } from "./render.js";

// Issue #12: the unsubscribe headers every message carries, whatever site.yaml configures.

const loaded = await loadContent(sampleContentDir);
if (!loaded.ok) throw new Error("the sample content must load");
const { content } = loaded;
const found = content.announcements.find((a) => a.locale === "en");
if (!found) throw new Error("the sample has an English announcement");
const announcement = found;

/** The unfolded headers of the message for one recipient, with `unsubscribe` configured. */
async function headers(unsubscribe: Site["newsletter"]["unsubscribe"], date?: Date) {
  const site = { ...content.site, newsletter: { ...content.site.newsletter, unsubscribe } };
  const email = compileEmail(site, announcementDocument({ ...content, site }, announcement));
  const eml = await toEml(buildMessage(site, email, { email: "ann@example.com" }, { date }));
  return (
    eml
      .toString("latin1")
      .split("\r\n\r\n")[0]
      ?.replace(/\r\n[ \t]+/g, " ") ?? ""
  );
}

describe("#12: List-Unsubscribe", () => {
  it("#12: one-click only for an https address that names the recipient; a mailto: always", async () => {
    const cases: Array<[Site["newsletter"]["unsubscribe"], RegExp, boolean]> = [
      [
        { url: "https://n.example.com/u?address={email}&token={token}" },
        /^List-Unsubscribe: <https:\/\/n\.example\.com\/u\?address=ann%40example\.com&token=sample>, <mailto:ir@example\.com\?subject=unsubscribe%20ann%40example\.com>$/m,
        true,
      ],
      [
        { url: "https://n.example.com/unsubscribe" },
        /^List-Unsubscribe: <https:\/\/n\.example\.com\/unsubscribe>, <mailto:/m,
        false,
      ],
      [
        { url: "http://n.example.com/u?address={email}" },
        /^List-Unsubscribe: <http:\/\/n\.example\.com\/u\?address=ann%40example\.com>, <mailto:/m,
        false,
      ],
      [
        { mailto: "leave@example.com" },
        /^List-Unsubscribe: <mailto:leave@example\.com\?subject=unsubscribe%20ann%40example\.com>$/m,
        false,
      ],
      [
        undefined,
        /^List-Unsubscribe: <mailto:ir@example\.com\?subject=unsubscribe%20ann%40example\.com>$/m,
        false,
      ],
    ];
    for (const [unsubscribe, list, oneClick] of cases) {
      const text = await headers(unsubscribe);
      expect(text, JSON.stringify(unsubscribe)).toMatch(list);
      expect(
        /^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m.test(text),
        JSON.stringify(unsubscribe),
      ).toBe(oneClick);
    }
  });

  it("#12: dated as given (the send's moment), else the announcement's day", async () => {
    expect(await headers(undefined, new Date("2026-11-28T16:05:09Z"))).toMatch(
      /^Date: Sat, 28 Nov 2026 16:05:09 \+0000$/m,
    );
    expect(await headers(undefined)).toMatch(/^Date: Wed, 22 Jan 2014 00:00:00 \+0000$/m);
  });
});
