// Font stacks by language: system fonts only (the site requests nothing from other hosts).
// Chinese, Japanese and Korean share characters whose shapes differ by region (今, 直, 骨), so
// each names its own regional faces. In those stacks the Latin faces listed first have no Han
// characters, so Han text falls through to the regional face; `system-ui` comes last because
// on macOS and Windows it carries a fallback chosen by the reader's system language (a
// Chinese Mac would set Japanese kanji in PingFang SC).

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

/** A font-family value: generic names bare, the others quoted. */
export const familyList = (families: readonly string[]): string =>
  families.map((f) => (/^(-apple-system|system-ui|sans-serif)$/.test(f) ? f : `"${f}"`)).join(", ");

/** The `--sans` custom property for every language, as :lang() rules. */
export const fontRules = (): string =>
  fontStacks
    .map(({ languages, families }) => {
      const selector = languages.length ? languages.map((l) => `:lang(${l})`).join(", ") : ":root";
      return `${selector} { --sans: ${familyList(families)}; }`;
    })
    .join("\n");
