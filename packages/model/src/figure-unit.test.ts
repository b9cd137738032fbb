import { describe, expect, it } from "vitest";
import { figureUnit } from "./figure-unit.js";
import { wordsFor } from "./labels.js";

/** The part of `text` a line never splits, in `locale`. */
const unitOf = (text: string, locale: string) => {
  const found = figureUnit(text, wordsFor(locale));
  return found && text.slice(...found);
};

describe("#6: a figure's number and what qualifies it", () => {
  it("#6: keeps the qualifier with the number on whichever side the language puts it", () => {
    const over = (locale: string, figure: string) => wordsFor(locale).over(figure);
    const about = (locale: string, figure: string) => wordsFor(locale).approximately(figure);
    expect({
      en: unitOf(over("en", "300 contributors"), "en"),
      enAbout: unitOf(about("en", "5,000"), "en"),
      de: unitOf(over("de", "300\u00a0Mitwirkende"), "de"),
      fr: unitOf(over("fr", "300\u00a0contributeurs"), "fr"),
      es: unitOf(over("es", "300 colaboradores"), "es"),
      he: unitOf(over("he", "300 תורמים"), "he"),
      ar: unitOf(over("ar", "٣٠٠ مساهم"), "ar"),
      ko: unitOf(over("ko", "1,400대"), "ko"),
      ja: unitOf(over("ja", "1,400台"), "ja"),
      zh: unitOf(over("zh-CN", "300位贡献者"), "zh-CN"),
      zhAbout: unitOf(about("zh-CN", "40 万次"), "zh-CN"),
    }).toEqual({
      en: "over 300",
      enAbout: "about 5,000",
      de: "mehr als 300",
      fr: "plus de 300",
      es: "más de 300",
      he: "יותר מ־300",
      ar: "أكثر من ٣٠٠",
      ko: "1,400대 이상",
      ja: "1,400台以上",
      zh: "超过 300位",
      zhAbout: "约 40 万次",
    });
  });

  it("#6: keeps currencies, signs and short units written onto the number or beside it", () => {
    expect({
      dollars: unitOf("US$15M raised", "en"),
      euros: unitOf("15 € mehr", "de"),
      percent: unitOf("12.5 % faster", "en"),
      code: unitOf("USD 15 million", "en"),
      myriad: unitOf("1500 万美元", "zh-CN"),
      plain: unitOf("400,000", "en"),
      none: unitOf("many", "en"),
    }).toEqual({
      dollars: "US$15M",
      euros: "15 €",
      percent: "12.5 %",
      code: "USD 15",
      myriad: "1500 万美元",
      plain: "400,000",
      none: undefined,
    });
  });
});
