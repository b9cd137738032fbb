import { describe, expect, it } from "vitest";
import { localize, nearestLocale } from "./localize.js";

const site = { defaultLocale: "zh-CN" };

describe("localize", () => {
  it("picks the locale, then its language, then the site default", () => {
    const name = { "zh-CN": "百度", en: "Baidu" };
    expect(localize(name, "en", site)).toBe("Baidu");
    expect(localize(name, "en-GB", site)).toBe("Baidu");
    expect(localize(name, "zh-TW", site)).toBe("百度");
    expect(localize(name, "fr", site)).toBe("百度");
    expect(localize("Greylock Partners", "fr", site)).toBe("Greylock Partners");
  });
});

describe("nearestLocale", () => {
  it("finds the translation nearest to what a reader asked for", () => {
    const available = ["zh-CN", "en"];
    expect(nearestLocale(available, "en-US", site)).toBe("en");
    expect(nearestLocale(available, "zh", site)).toBe("zh-CN");
    expect(nearestLocale(available, "pt-BR", site)).toBe("zh-CN");
    expect(nearestLocale(available, "not a locale!", site)).toBe("zh-CN");
    expect(nearestLocale(available, undefined, site)).toBe("zh-CN");
    expect(nearestLocale(["en"], "de", site)).toBe("en");
  });
});
