import { announcementDocument, type Content, loadContent, sampleContentDir } from "@herald/model";
import { beforeAll, describe, expect, it } from "vitest";
import { HEADER_SVG_MAX_BYTES, pageTitle } from "./identity.js";
import { sitePages } from "./site.js";

let content: Content;
let pages: Map<string, string>;

beforeAll(async () => {
  const loaded = await loadContent(sampleContentDir);
  if (!loaded.ok) throw new Error("the sample does not load");
  content = loaded.content;
  const documents = content.announcements.map((a) => announcementDocument(content, a));
  pages = new Map(
    [...sitePages(content, documents)]
      .filter(([file]) => file.endsWith(".html"))
      .map(([file, render]) => [file, render()]),
  );
});

const meta = (html: string, key: string) =>
  [...html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)">/g)]
    .filter((m) => m[1] === key)
    .map((m) => m[2]);
const titleOf = (html: string) => html.match(/<title>([^<]*)<\/title>/)?.[1] ?? "";
const times = (text: string, part: string) => text.split(part).length - 1;

describe("every page's head", () => {
  it("#13: names the company once in <title>, and not at all in og:title", () => {
    const company = content.site.name;
    const seen: Record<string, unknown> = {};
    for (const [file, html] of pages) {
      if (file === "index.html") continue; // the root page is only the company's name
      seen[file] = {
        title: times(titleOf(html), company),
        ogTitle: meta(html, "og:title").map((t) => times(t ?? "", company)),
        twitterTitle: meta(html, "twitter:title").map((t) => times(t ?? "", company)),
      };
    }
    const expected = Object.fromEntries(
      Object.keys(seen).map((file) => [file, { title: 1, ogTitle: [0], twitterTitle: [0] }]),
    );
    expect(seen).toEqual(expected);
    expect(titleOf(pages.get("en/index.html") as string)).toBe("Newsroom · Docker, Inc.");
    expect(titleOf(pages.get("en/press-kit/index.html") as string)).toBe(
      "Press kit · Docker, Inc.",
    );
  });

  it("#13: links the favicon, the PNG icon with its size and the touch icon, from every page", () => {
    for (const [file, html] of pages) {
      const links = [
        ...html.matchAll(/<link rel="(icon|apple-touch-icon)" href="([^"]+)"([^>]*)>/g),
      ].map((m) => [
        m[1],
        new URL(m[2] ?? "", `https://newsroom.example.com/${file}`).pathname,
        m[3],
      ]);
      // The 404 page is served at any address: its links start at the root.
      const root = file === "404.html" ? "/" : "";
      expect({ file, links }).toEqual({
        file,
        links: [
          ["icon", "/favicon.ico", ' sizes="16x16 32x32 48x48"'],
          ["icon", "/icon.png", ' type="image/png" sizes="192x192"'],
          ["apple-touch-icon", "/apple-touch-icon.png", ""],
        ],
      });
      if (root) expect(html).toContain('<link rel="icon" href="/favicon.ico"');
    }
  });

  it("#13: gives every page an absolute og:image of 1200×630 with alt, and a large Twitter card", () => {
    for (const [file, html] of pages) {
      const image = meta(html, "og:image")[0] ?? "";
      const article = file.includes("/news/");
      expect(image).toBe(
        article
          ? `https://newsroom.example.com/${file.replace(/index\.html$/, "social.png")}`
          : `https://newsroom.example.com/${file === "404.html" || file === "index.html" ? "zh-CN" : file.split("/")[0]}/social.png`,
      );
      expect({
        width: meta(html, "og:image:width"),
        height: meta(html, "og:image:height"),
        card: meta(html, "twitter:card"),
        twitter: meta(html, "twitter:image"),
        alt: (meta(html, "og:image:alt")[0] ?? "").length > 5,
      }).toEqual({
        width: ["1200"],
        height: ["630"],
        card: ["summary_large_image"],
        twitter: [image],
        alt: true,
      });
    }
    const en = pages.get("en/news/docker-series-b/index.html") as string;
    expect(meta(en, "og:image:alt")).toEqual([
      "Docker, Inc.: Docker raises $15 million in Series B funding",
    ]);
  });

  it("#13: shows the logo in the header with the company's name as its text", () => {
    for (const [file, html] of pages) {
      if (file === "index.html") continue;
      const brand = html.match(/<a class="brand" href="[^"]*">(.*?)<\/a>/s)?.[1];
      expect({ file, brand: brand?.replace(/src="[^"]*"/, "src") }).toEqual({
        file,
        brand:
          '<img class="logo" src alt="Docker, Inc." width="128" height="128"><span class="brand-name" dir="auto" aria-hidden="true">Docker, Inc.</span>',
      });
    }
  });
});

describe("pageTitle", () => {
  it("#13: says the company once, also when a view gives it already", () => {
    expect(pageTitle("Newsroom", "Docker, Inc.")).toEqual({
      title: "Newsroom · Docker, Inc.",
      ownTitle: "Newsroom",
    });
    expect(pageTitle("Newsroom · Docker, Inc.", "Docker, Inc.")).toEqual({
      title: "Newsroom · Docker, Inc.",
      ownTitle: "Newsroom",
    });
    expect(pageTitle("Docker, Inc.", "Docker, Inc.")).toEqual({
      title: "Docker, Inc.",
      ownTitle: "Docker, Inc.",
    });
    // A title that only mentions the company keeps its words.
    expect(pageTitle("Docker, Inc. raises $15M", "Docker, Inc.").title).toBe(
      "Docker, Inc. raises $15M · Docker, Inc.",
    );
  });
});

describe("#7: the header's logo", () => {
  const header = (c: Content, file = "en/index.html") => {
    const documents = c.announcements.map((a) => announcementDocument(c, a));
    const html = (sitePages(c, documents).get(file) as () => string)();
    return html.match(/<a class="brand" href="[^"]*">(.*?)<\/a>/s)?.[1];
  };

  it("#7: links a small SVG logo itself, and any large logo as the 160 px logo.png, sized, named", () => {
    const logo = content.site.logo as string;
    const file = content.files[logo] as NonNullable<(typeof content.files)[string]>;
    expect(file.bytes).toBeLessThanOrEqual(HEADER_SVG_MAX_BYTES);
    expect(header(content)).toContain(
      '<img class="logo" src="../assets/logo.svg" alt="Docker, Inc."',
    );
    // The same drawing, 2 MB of it: every page would download it.
    const large: Content = {
      ...content,
      files: { ...content.files, [logo]: { ...file, bytes: 2_000_000 } },
    };
    expect(header(large)).toBe(
      '<img class="logo" src="../logo.png" alt="Docker, Inc." width="160" height="160"><span class="brand-name" dir="auto" aria-hidden="true">Docker, Inc.</span>',
    );
    expect(header(large, "en/news/docker-series-b/index.html")).toContain(
      'src="../../../logo.png"',
    );
    // A PNG logo, however large, is shown as the logo.png made from it.
    const png: Content = {
      ...content,
      files: {
        ...content.files,
        [logo]: { format: "png", bytes: 900_000, size: { width: 4000, height: 1000 } },
      },
    };
    expect(header(png)).toBe(
      '<img class="logo" src="../logo.png" alt="Docker, Inc." width="640" height="160">',
    );
  });
});
