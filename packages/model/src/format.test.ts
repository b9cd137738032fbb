import { describe, expect, it } from "vitest";
import { formatDate, formatMetric, formatMoney, listParts, quoted } from "./format.js";
import { wordsFor } from "./labels.js";

describe("formatMoney", () => {
  it("says round amounts the way a reader says them", () => {
    expect(formatMoney(15_000_000, "USD", "zh-CN")).toBe("1500 万美元");
    expect(formatMoney(15_000_000, "USD", "en")).toBe("$15M");
    expect(formatMoney(2_500_000_000, "USD", "en")).toBe("$2.5B");
    expect(formatMoney(2_500_000_000, "USD", "zh-CN")).toBe("25 亿美元");
    expect(formatMoney(15_000_000, "USD", "zh-TW")).toBe("1500 萬美元");
    expect(formatMoney(15_000_000, "USD", "ja")).toBe("1500万米ドル");
    expect(formatMoney(4_000_000, "EUR", "de")).toBe("4\u00a0Mio.\u00a0€");
    expect(formatMoney(4_000_000, "EUR", "ko")).toBe("400만 유로");
    expect(formatMoney(4_000_000, "EUR", "zh-CN")).toBe("400 万欧元");
    expect(formatMoney(4_000_000, "EUR", "ja")).toBe("400万ユーロ");
    expect(formatMoney(1_500_000_000, "JPY", "ja")).toBe("15億円");
    expect(formatMoney(4_000_000, "EUR", "fr")).toBe("4\u00a0M\u00a0€");
    expect(formatMoney(4_000_000, "EUR", "nl")).toBe("€\u00a04\u00a0mln.");
  });

  it("writes other amounts in full", () => {
    expect(formatMoney(1_234_567, "EUR", "en")).toBe("€1,234,567");
    expect(formatMoney(1_234_567, "CNY", "zh-CN")).toBe("1,234,567 人民币");
    expect(formatMoney(950, "USD", "en")).toBe("$950");
    expect(formatMoney(15_300_000, "USD", "en")).toBe("$15.3M");
    expect(formatMoney(15_300_001, "USD", "en")).toBe("$15,300,001");
    expect(formatMoney(123_456_789, "USD", "zh-CN")).toBe("123,456,789 美元");
    expect(formatMoney(1_500, "USD", "en")).toBe("$1,500");
  });
});

describe("formatMoney per currency", () => {
  it("#9: shows exactly the currency's decimals (JPY none, USD and EUR two, KWD three)", () => {
    const cases: Array<[number, string, string, string]> = [
      [1234.5, "USD", "en", "$1,234.50"],
      [0.5, "EUR", "en", "€0.50"],
      [1234, "JPY", "en", "¥1,234"],
      [1234.567, "KWD", "en", "KWD\u00a01,234.567"],
      [1234.5, "KWD", "en", "KWD\u00a01,234.500"],
      [1234.5, "USD", "zh-CN", "1,234.50 美元"],
      [1234, "JPY", "zh-CN", "1,234 日元"],
      [1234.567, "KWD", "zh-CN", "1,234.567 科威特第纳尔"],
      [0.5, "EUR", "zh-CN", "0.50 欧元"],
      [1234.5, "USD", "ja", "1,234.50米ドル"],
      [1234567, "JPY", "ja", "1,234,567円"],
      [1234.5, "KWD", "ja", "1,234.500クウェート ディナール"],
      [1234.5, "EUR", "de", "1.234,50\u00a0€"],
      [1234, "JPY", "de", "1.234\u00a0¥"],
      [1234.5, "KWD", "de", "1.234,500\u00a0KWD"],
      [15_000_000, "JPY", "de", "15\u00a0Mio.\u00a0¥"],
      [15_000_000, "KWD", "ja", "1500万クウェート ディナール"],
    ];
    expect(
      cases.map(([amount, currency, locale]) => formatMoney(amount, currency, locale)),
    ).toEqual(cases.map(([, , , expected]) => expected));
  });
});

describe("quoted", () => {
  it("uses the locale's quotation marks from CLDR, and keeps marks the author typed", () => {
    expect(quoted("Hi", "en")).toBe("\u201cHi\u201d");
    expect(quoted("Hallo", "de")).toBe("\u201eHallo\u201c");
    expect(quoted("Salut", "fr")).toBe("\u00ab\u202fSalut\u202f\u00bb");
    expect(quoted("こんにちは", "ja")).toBe("\u300cこんにちは\u300d");
    expect(quoted("你好", "zh-TW")).toBe("\u300c你好\u300d");
    expect(quoted("你好", "zh-CN")).toBe("\u201c你好\u201d");
    expect(quoted("\u201cAlready\u201d", "de")).toBe("\u201cAlready\u201d");
  });
});

describe("formatDate and listParts", () => {
  it("follow the locale", () => {
    expect(formatDate("2014-01-22", "zh-CN")).toBe("2014年1月22日");
    expect(formatDate("2014-01-22", "en")).toBe("January 22, 2014");
    const list = (locale: string) =>
      listParts(["Benchmark", "Trinity Ventures", "IVP"], locale)
        .map((p) => p.text)
        .join("");
    expect(list("en")).toBe("Benchmark, Trinity Ventures, and IVP");
    expect(list("zh-CN")).toBe("Benchmark、Trinity Ventures和IVP");
  });

  it("#13: space a Chinese list's words from the digits beside them, as its numbers are", () => {
    const amounts = [
      formatMoney(15_000_000, "USD", "zh-CN"),
      formatMoney(3_000_000, "EUR", "zh-CN"),
    ];
    expect(
      listParts(amounts, "zh-CN")
        .map((p) => p.text)
        .join(""),
    ).toBe("1500 万美元和 300 万欧元");
    expect(
      listParts(["3 位", "5 位", "7 位"], "zh-CN")
        .map((p) => p.text)
        .join(""),
    ).toBe("3 位、5 位和 7 位");
  });
});

describe("formatMetric", () => {
  it("qualifies and counts in the locale's way", () => {
    expect(
      formatMetric({ label: "下载次数", value: 400_000, unit: "次" }, "zh-CN", wordsFor("zh-CN")),
    ).toBe("40 万次");
    expect(
      formatMetric(
        { label: "贡献者", value: 300, qualifier: "over", unit: "位" },
        "zh-CN",
        wordsFor("zh-CN"),
      ),
    ).toBe("超过 300 位");
    expect(formatMetric({ label: "Downloads", value: 400_000 }, "en", wordsFor("en"))).toBe(
      "400,000",
    );
    expect(
      formatMetric({ label: "Apps", value: 5000, qualifier: "over" }, "en", wordsFor("en")),
    ).toBe("over 5,000");
    expect(
      formatMetric(
        { label: "Cities", value: 40, qualifier: "about", unit: "cities" },
        "en",
        wordsFor("en"),
      ),
    ).toBe("about 40 cities");
  });
});
