import { posix } from "node:path";
import { describe, expect, it } from "vitest";
import { href, link } from "./routes.js";

describe("href", () => {
  it("links relative to the page, to folders with a trailing slash", () => {
    expect(href("en/news/a/", "en/")).toBe("../../");
    expect(href("en/", "en/news/a/")).toBe("news/a/");
    expect(href("en/", "zh-CN/")).toBe("../zh-CN/");
    expect(href("en/news/a/", "assets/logo.png")).toBe("../../../assets/logo.png");
    expect(href("en/news/a/", "en/news/a/a.en.pdf")).toBe("a.en.pdf");
    expect(href("", "en/")).toBe("en/");
    expect(href("en/", "en/")).toBe("./");
    expect(href("404.html", "site.css")).toBe("site.css");
    expect(href("en/", "")).toBe("../");
  });

  it("#9: encodes file names that are not plain ASCII (spaces, accents, CJK)", () => {
    expect(href("en/news/a/", "assets/press kit/Logo é 标志.png")).toBe(
      "../../../assets/press%20kit/Logo%20%C3%A9%20%E6%A0%87%E5%BF%97.png",
    );
  });
});

describe("link", () => {
  it("#10: links a published file relative to the page, keeping its ?query and #fragment", () => {
    const deck = {
      url: "https://x.example/assets/deck%201.pdf?v=2#page=2",
      path: "assets/deck 1.pdf",
      file: "site/assets/deck 1.pdf",
      suffix: "?v=2#page=2",
    };
    expect(link("en/news/a/", deck)).toBe("../../../assets/deck%201.pdf?v=2#page=2");
  });

  it("#10: links anything the site does not publish by its public address", () => {
    expect(link("en/news/a/", { url: "https://example.com/a?b=1#c" })).toBe(
      "https://example.com/a?b=1#c",
    );
  });
});

describe("href against posix.relative", () => {
  // The fast path must give what the plain `posix.relative` gave for every kind of path.
  const reference = (from: string, to: string) => {
    const isFolder = to === "" || to.endsWith("/");
    const folder =
      from === "" || from.endsWith("/") ? from.replace(/\/$/, "") : posix.dirname(from);
    const relative = posix
      .relative(folder || ".", isFolder ? to.replace(/\/$/, "") || "." : to)
      .split("/")
      .map((s) => (s === ".." || s === "" ? s : encodeURIComponent(s)))
      .join("/");
    return isFolder ? (relative === "" ? "./" : `${relative}/`) : relative;
  };
  const paths = [
    "",
    "en/",
    "en/news/",
    "en/news/a/",
    "en/news/a/index.html",
    "en/news/a/a.en.pdf",
    "en/news/ab/",
    "en/news/a b/é 标志.png",
    "zh-CN/news/a/",
    "assets/logo.png",
    "assets/x/../y.png",
    "en//news/",
    "./site.css",
    "404.html",
    "site.css",
  ];
  it("gives the same link for every pair", () => {
    for (const from of paths)
      for (const to of paths) expect(href(from, to)).toBe(reference(from, to));
  });
});
