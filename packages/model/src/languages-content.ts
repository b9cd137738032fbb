import { cp, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Content, loadContent } from "./load.js";
import { richContentDir } from "./testing.js";

// The rich test content of issue 10 in more languages (issue 11): Japanese, Korean,
// Traditional Chinese, Arabic and German translations of its announcement, each with
// emphasis, a quotation, a list, a table and names written in another language than the
// page's. The web and email tests lay it out.

export const LANGUAGES_LOCALES = ["en", "zh-CN", "ja", "ko", "zh-TW", "ar", "de"] as const;

const site = `name: Acme Robotics
url: https://news.acme.example/
defaultLocale: en
locales: [${LANGUAGES_LOCALES.join(", ")}]
about:
  en: |
    Acme Robotics builds collaborative robots
    for small factories. See the [company deck](assets/deck.pdf).
  zh-CN: |
    Acme Robotics 为小型工厂制造
    协作机器人。
  ja: |
    Acme Robotics は、中小規模の工場向けに協働ロボットを開発しています。[会社資料](assets/deck.pdf)もご覧ください。
  ko: |
    Acme Robotics는 중소 규모 공장을 위한 협동 로봇을 만듭니다. [회사 소개 자료](assets/deck.pdf)도 참고하세요.
  zh-TW: |
    Acme Robotics 為小型工廠打造協作機器人。
  ar: |
    تصنع Acme Robotics روبوتات تعاونية للمصانع الصغيرة. اطّلع على [عرض الشركة](assets/deck.pdf).
  de: |
    Acme Robotics baut kollaborative Roboter für kleine Fabriken. Siehe die [Firmenpräsentation](assets/deck.pdf).
pressContact:
  name: Acme Press Office
  email: press@acme.example
  phone: +31 20 555 0100
newsletter:
  from:
    name: Acme Investor Relations
    email: ir@acme.example
  unsubscribe:
    url: https://news.acme.example/unsubscribe?address={email}
  postalAddress: Acme Robotics B.V., Herengracht 500, 1017 CB Amsterdam, Netherlands
logo: assets/logo.png
`;

const organizations = `- id: acme
  name: Acme Robotics
  url: https://acme.example/
- id: northwind
  name: { en: Northwind Capital, zh-CN: 北风资本 }
  url: https://northwind.example/
- id: contoso
  name: Contoso Ventures
- id: sakura
  name: 桜ベンチャーズ
  language: ja
- id: noor
  name: صندوق نور
  language: ar
`;

const people = `- id: pieter
  name: Pieter van der Berg
  role:
    en: Chief Technology Officer
    zh-CN: 首席技术官
    ja: 最高技術責任者
    ko: 최고기술책임자
    zh-TW: 技術長
    ar: المدير التقني
    de: Technischer Direktor
  organization: acme
- id: mara
  name: { en: Mara Jensen, zh-CN: 玛拉·詹森 }
  role: { en: Partner, zh-CN: 合伙人, ja: パートナー, ko: 파트너, zh-TW: 合夥人, ar: شريكة, de: Partnerin }
  organization: northwind
  url: https://northwind.example/team/mara
`;

interface Translation {
  title: string;
  summary: string;
  round: string;
  participants: string[];
  shipped: string;
  uptime: string;
  unit: string;
  quote: string;
  body: string;
  /** The original this translation was made from, in another language. */
  source?: string;
}

const table = (year: string, robots: string) =>
  `| ${year} | ${robots} |\n| :--- | -----: |\n| 2023 | 400 |\n| 2024 | 1,200 |`;

const translations: Record<string, Translation> = {
  ja: {
    title: "Acme Robotics、400万ユーロを調達",
    summary:
      "Acme Robotics は、Northwind Capital が主導するシリーズ A で 400 万ユーロの資金調達を完了しました。",
    round: "シリーズ A",
    participants: ["contoso", "sakura"],
    shipped: "出荷台数",
    uptime: "稼働率",
    unit: "パーセント",
    quote: "当社のロボットは今、すべてのシフトで人と並んで働いています。",
    body: `Acme Robotics は、人のすぐ隣で*安全に*働くロボットを開発しています。[^safety]詳しくは[投資家向け資料](../assets/deck.pdf#page=2)をご覧ください。

> 今回の資金で、*小さな工場*にも協働ロボットを届けます。

- 組立ラインの自動化
- 品質検査の省力化

${table("年", "台数")}

[^safety]: ISO 10218 の認証を取得済みです。`,
  },
  ko: {
    title: "Acme Robotics, 400만 유로 투자 유치",
    summary:
      "Acme Robotics가 Northwind Capital이 주도한 400만 유로 규모의 시리즈 A 투자를 유치했습니다.",
    round: "시리즈 A",
    participants: ["contoso"],
    shipped: "출하 대수",
    uptime: "가동률",
    unit: "퍼센트",
    quote: "저희 로봇은 이제 모든 교대 근무에서 사람과 나란히 일합니다.",
    body: `Acme Robotics는 사람 곁에서 *안전하게* 일하는 협동 로봇을 만듭니다.[^safety] 자세한 내용은 [투자자 자료](../assets/deck.pdf#page=2)에서 확인하실 수 있습니다.

> 이번 투자로 *소규모 공장*에도 협동 로봇을 보급하겠습니다.

- 조립 라인 자동화
- 품질 검사 효율화

${table("연도", "로봇")}

[^safety]: ISO 10218 인증을 받았습니다.`,
  },
  "zh-TW": {
    title: "Acme Robotics 完成 400 萬歐元融資",
    summary: "Acme Robotics 完成由北風資本領投的 400 萬歐元 A 輪融資。",
    round: "A 輪",
    participants: ["contoso", "sakura"],
    shipped: "出貨量",
    uptime: "運轉率",
    unit: "百分比",
    quote: "我們的機器人如今在每個班次都與人並肩工作。",
    body: `Acme Robotics 製造能與人*安全*協作的機器人。[^safety]詳情請見[投資人資料](../assets/deck.pdf#page=2)。

> 這筆資金將把協作機器人帶進*小型工廠*。

- 組裝線自動化
- 品質檢驗

${table("年份", "機器人")}

[^safety]: 已通過 ISO 10218 認證。`,
  },
  ar: {
    title: "أكمي روبوتكس تجمع 4 ملايين يورو",
    summary:
      "أغلقت Acme Robotics جولة تمويل من الفئة A بقيمة 4 ملايين يورو بقيادة Northwind Capital.",
    round: "الجولة A",
    participants: ["contoso", "noor"],
    shipped: "الروبوتات المشحونة",
    uptime: "نسبة التشغيل",
    unit: "بالمئة",
    source:
      "source: { url: https://news.acme.example/en/news/series-a/, title: Acme Robotics raises €4 million, locale: en }",
    quote: "روبوتاتنا تعمل اليوم إلى جانب الناس في كل وردية.",
    body: `تصنع Acme Robotics روبوتات تعمل *بأمان* إلى جانب الناس.[^safety] التفاصيل في [عرض المستثمرين](../assets/deck.pdf#page=2).

> بهذا التمويل سنوصل الروبوتات التعاونية إلى *المصانع الصغيرة* أيضًا.

- أتمتة خطوط التجميع
- فحص الجودة

${table("السنة", "الروبوتات")}

[^safety]: حاصلة على شهادة ISO 10218.`,
  },
  de: {
    title: "Acme Robotics sammelt 4 Millionen Euro ein",
    summary:
      "Acme Robotics hat eine Serie-A-Finanzierung über 4 Millionen Euro unter der Führung von Northwind Capital abgeschlossen.",
    round: "Serie A",
    participants: ["contoso", "noor"],
    shipped: "Ausgelieferte Roboter",
    uptime: "Verfügbarkeit",
    unit: "Prozent",
    quote: "Unsere Roboter arbeiten jetzt in jeder Schicht neben Menschen.",
    body: `Acme Robotics baut Roboter, die *sicher* neben Menschen arbeiten.[^safety] Mehr steht in der [Investorenpräsentation](../assets/deck.pdf#page=2).

> Mit dem Geld bringen wir kollaborative Roboter auch in *kleine Fabriken*.

- Automatisierte Montagelinien
- Qualitätsprüfung

${table("Jahr", "Roboter")}

[^safety]: Zertifiziert nach ISO 10218.`,
  },
};

const announcement = (locale: string, t: Translation) => `---
id: series-a
locale: ${locale}
title: ${JSON.stringify(t.title)}
date: 2025-03-04
summary: ${JSON.stringify(t.summary)}
author: pieter
funding:
  round: ${JSON.stringify(t.round)}
  amount: 4000000
  currency: EUR
  lead: [northwind]
  participants: [${t.participants.join(", ")}]
  boardMembers: [mara]
metrics:
  - label: ${JSON.stringify(t.shipped)}
    value: 1200
    qualifier: over
  - label: ${JSON.stringify(t.uptime)}
    value: 99.5
    unit: ${JSON.stringify(t.unit)}
quotes:
  - person: pieter
    text: ${JSON.stringify(t.quote)}
${t.source ?? ""}
---

${t.body}
`;

/** The content folder, written to a new temporary folder. */
export async function writeLanguagesContent(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "herald-languages-"));
  await cp(richContentDir, dir, { recursive: true });
  await writeFile(join(dir, "site.yaml"), site);
  await writeFile(join(dir, "organizations.yaml"), organizations);
  await writeFile(join(dir, "people.yaml"), people);
  for (const [locale, t] of Object.entries(translations))
    await writeFile(join(dir, `announcements/series-a.${locale}.md`), announcement(locale, t));
  return dir;
}

export async function loadLanguagesContent(dir: string): Promise<Content> {
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.content;
}
