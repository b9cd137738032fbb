import type { PhrasingContent } from "mdast";
import { describe, expect, it } from "vitest";
import { inline } from "./inline.js";
import { LinkNotes } from "./link-notes.js";
import { INK } from "./look.js";

const look = () => ({
  notes: new LinkNotes(),
  style: "regular" as const,
  size: 10,
  color: INK,
  emphasis: "italic" as const,
});

describe("inline", () => {
  it("#16: an image inside a link links where the link goes, not to the image's file", () => {
    const image: PhrasingContent = {
      type: "image",
      url: "../assets/icon.png",
      alt: "Acme icon",
      data: {
        label: "Image: Acme icon",
        src: { url: "https://news.acme.example/assets/icon.png", path: "assets/icon.png" },
      },
    } as PhrasingContent;
    const link: PhrasingContent = {
      type: "link",
      url: "https://example.com/img",
      children: [image],
      data: { href: { url: "https://example.com/img" } },
    } as PhrasingContent;
    const notes = new LinkNotes();
    const runs = inline([link], { ...look(), notes });
    expect(runs.map((r) => [r.text, r.link ?? r.target])).toEqual([
      ["Image: Acme icon", "https://example.com/img"],
      ["[1]", "link-1"],
    ]);
    expect(notes.urls).toEqual(["https://example.com/img"]);
  });
});
