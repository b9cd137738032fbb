import { describe, expect, it } from "vitest";
import { href } from "./routes.js";

describe("href", () => {
  it("links relative to the page, to folders with a trailing slash", () => {
    expect(href("en/news/a/index.html", "en/index.html")).toBe("../../");
    expect(href("en/index.html", "en/news/a/index.html")).toBe("news/a/");
    expect(href("en/index.html", "zh-CN/index.html")).toBe("../zh-CN/");
    expect(href("en/news/a/index.html", "assets/logo.png")).toBe("../../../assets/logo.png");
    expect(href("index.html", "en/index.html")).toBe("en/");
    expect(href("en/index.html", "en/index.html")).toBe("./");
    expect(href("404.html", "site.css")).toBe("site.css");
  });

  it("#9: encodes file names that are not plain ASCII (spaces, accents, CJK)", () => {
    expect(href("en/news/a/index.html", "assets/press kit/Logo é 标志.png")).toBe(
      "../../../assets/press%20kit/Logo%20%C3%A9%20%E6%A0%87%E5%BF%97.png",
    );
  });
});
