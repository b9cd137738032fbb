// The font families each language's text is set in on screens (the page and the email):
// system fonts only, since neither requests anything from other hosts. Chinese, Japanese and
// Korean share characters whose shapes differ by region (今, 直, 骨), so each names its own
// regional faces. In those stacks the Latin faces listed first have no Han characters, so Han
// text falls through to the regional face; `system-ui` comes last because on macOS and
// Windows it carries a fallback chosen by the reader's system language (a Chinese Mac would
// set Japanese kanji in PingFang SC).

const latin = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial"];
const latinWithoutHan = ["Segoe UI", "Roboto", "Helvetica Neue", "Arial"];
const cjk = (...faces: string[]) => [...latinWithoutHan, ...faces, "system-ui", "sans-serif"];

/** Each stack and the :lang() ranges it is for, later ones winning over earlier ones. */
export const fontStacks: ReadonlyArray<{ languages: readonly string[]; families: string[] }> = [
  { languages: [], families: [...latin, "Noto Sans", "sans-serif"] },
  {
    languages: ["zh", "zh-Hans"],
    families: cjk(
      "PingFang SC",
      "Hiragino Sans GB",
      "Microsoft YaHei",
      "Noto Sans SC",
      "Noto Sans CJK SC",
      "Source Han Sans SC",
    ),
  },
  {
    // Taiwan and Macao write Traditional Chinese with Taiwan's character shapes.
    languages: ["zh-Hant", "zh-TW", "zh-MO"],
    families: cjk(
      "PingFang TC",
      "Microsoft JhengHei",
      "Noto Sans TC",
      "Noto Sans CJK TC",
      "Source Han Sans TC",
    ),
  },
  {
    languages: ["zh-HK", "zh-Hant-HK"],
    families: cjk(
      "PingFang HK",
      "Microsoft JhengHei",
      "Noto Sans HK",
      "Noto Sans CJK HK",
      "Source Han Sans HK",
    ),
  },
  {
    languages: ["ja"],
    families: cjk(
      "Hiragino Sans",
      "Hiragino Kaku Gothic ProN",
      "Yu Gothic",
      "YuGothic",
      "Meiryo",
      "Noto Sans JP",
      "Noto Sans CJK JP",
      "Source Han Sans JP",
    ),
  },
  {
    languages: ["ko"],
    families: cjk(
      "Apple SD Gothic Neo",
      "Malgun Gothic",
      "Noto Sans KR",
      "Noto Sans CJK KR",
      "Source Han Sans KR",
    ),
  },
  {
    // Arabic has no regional shapes to protect: the system face comes first where it has one.
    languages: ["ar"],
    families: [
      ...latin.slice(0, 3),
      "Noto Naskh Arabic",
      "Noto Sans Arabic",
      "Geeza Pro",
      "Tahoma",
      "Arial",
      "sans-serif",
    ],
  },
  {
    languages: ["he"],
    families: [
      ...latin.slice(0, 3),
      "Noto Sans Hebrew",
      "Arial Hebrew",
      "Arial",
      "Tahoma",
      "sans-serif",
    ],
  },
];

/** Whether `tag` is in the language range `range`, as CSS :lang() matches it. */
const inRange = (tag: string, range: string) => {
  const t = tag.toLowerCase();
  const r = range.toLowerCase();
  return t === r || t.startsWith(`${r}-`);
};

/** The families for text in `locale`: the last stack whose ranges it is in, as CSS cascades. */
export function fontStackFor(locale: string): readonly string[] {
  let found = fontStacks[0]?.families ?? [];
  for (const stack of fontStacks)
    if (stack.languages.some((range) => inRange(locale, range))) found = stack.families;
  return found;
}

/** Whether a family is a CSS generic name, written without quotes. */
export const isGenericFamily = (family: string): boolean =>
  /^(-apple-system|system-ui|sans-serif)$/.test(family);
