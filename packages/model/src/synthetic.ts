import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { testPng } from "./test-images.js";

// Writes large, valid content folders for benchmarks and load tests. Everything is made from
// the numbers given: the same arguments write the same bytes.

const orgs = Array.from({ length: 12 }, (_, i) => `org-${i}`);
const people = Array.from({ length: 12 }, (_, i) => `person-${i}`);

/** The raster figure some announcements show (a chart-sized PNG, a few hundred bytes). */
const CHART = "chart.png";
/** The vector figure some announcements show. */
const DIAGRAM = "diagram.svg";

const diagramSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="240" viewBox="0 0 480 240">
  <rect width="480" height="240" fill="#f4f6fb"/>
  <rect x="40" y="140" width="60" height="60" fill="#2b59c3"/>
  <rect x="140" y="100" width="60" height="100" fill="#2b59c3"/>
  <rect x="240" y="70" width="60" height="130" fill="#2b59c3"/>
  <rect x="340" y="30" width="60" height="170" fill="#e4572e"/>
  <path d="M40 210 H440" stroke="#222" stroke-width="2"/>
</svg>
`;

/** Whether synthetic announcement `i` shows a figure: every fourth, PNG and SVG in turn. */
const figureOf = (i: number): string | undefined =>
  i % 4 === 3 ? (i % 8 === 3 ? CHART : DIAGRAM) : undefined;

function body(i: number, zh: boolean): string {
  const p = zh
    ? `第 ${i} 号公告：我们完成了新一轮融资，感谢[投资者](https://investor-${i % 7}.example.com/)的支持 🎉。这段文字用于测试中文排版、标点符号和换行规则。`
    : `Announcement ${i}: we closed a new round, thanks to our [investors](https://investor-${i % 7}.example.com/) 🎉. Supercalifragilisticexpialidocious words and https://example.com/a/very/long/path/${i} wrap.`;
  const figure = figureOf(i);
  return [
    p,
    "",
    `## ${zh ? "详情" : "Details"}`,
    "",
    `${p} **${zh ? "重点" : "Bold"}** _${zh ? "强调" : "italic"}_ \`code\` ~~old~~.[^1]`,
    "",
    "- one",
    "- two",
    "- three",
    "",
    ...(figure
      ? [
          zh
            ? `![第 ${i} 号公告的图表](../assets/${figure} "图 ${i}：各季度收入")`
            : `![Chart of announcement ${i}](../assets/${figure} "Figure ${i}: revenue by quarter")`,
          "",
        ]
      : []),
    zh ? "| 季度 | 收入 | 增长 |" : "| Quarter | Revenue | Growth |",
    "| :--- | ---: | ---: |",
    ...[1, 2, 3, 4].map(
      (q) => `| Q${q} ${2000 + (i % 25)} | ${(i + 1) * q * 125} | ${(q * 7 + i) % 40}% |`,
    ),
    "",
    `> ${zh ? "引用" : "A quote"} ${i}`,
    "",
    zh
      ? `该公司在北京和 Berlin 设有办公室，与 Acme Labs 合作。[^2]`
      : `The company has offices in Berlin and 北京 (Beijing), working with 深圳 partners.[^2]`,
    "",
    `[^1]: ${zh ? "脚注" : "A footnote"} ${i}.`,
    `[^2]: ${zh ? "来源" : "Source"}: [${zh ? "年报" : "annual report"}](https://example.com/reports/${i}).`,
    "",
  ].join("\n");
}

function frontMatter(i: number, locale: "en" | "zh-CN"): string {
  const zh = locale === "zh-CN";
  const day = String((i % 28) + 1).padStart(2, "0");
  const month = String((Math.floor(i / 28) % 12) + 1).padStart(2, "0");
  return `---
id: news-${i}
locale: ${locale}
title: "${zh ? `第 ${i} 号公告：完成新一轮融资` : `Announcement ${i}: a new funding round`}"
date: ${2000 + (Math.floor(i / 336) % 25)}-${month}-${day}
summary: ${zh ? `第 ${i} 号公告的摘要。` : `The summary of announcement ${i}.`}
author: ${people[i % people.length]}
funding:
  round: ${zh ? "B 轮" : "Series B"}
  amount: ${(i + 1) * 1_000_000}
  currency: USD
  lead: [${orgs[i % orgs.length]}]
  participants: [${orgs[(i + 1) % orgs.length]}, ${orgs[(i + 2) % orgs.length]}]
  boardMembers: [${people[(i + 1) % people.length]}]
metrics:
  - label: ${zh ? "下载次数" : "Downloads"}
    value: ${(i + 1) * 1000}
quotes:
  - person: ${people[(i + 2) % people.length]}
    text: ${zh ? "这是一句引语。" : "This is a quote."}
---

`;
}

/** site.yaml, organizations.yaml and people.yaml of every synthetic folder. */
async function writeShared(dir: string): Promise<void> {
  await mkdir(join(dir, "announcements"), { recursive: true });
  await writeFile(
    join(dir, "site.yaml"),
    `name: Example Corp
url: https://news.example.com/
defaultLocale: en
locales: [en, zh-CN]
about: { en: Example Corp makes examples., zh-CN: Example Corp 制作示例。 }
pressContact: { name: Press Office, email: press@example.com }
newsletter: { from: { name: Example IR, email: ir@example.com } }
`,
  );
  await writeFile(
    join(dir, "organizations.yaml"),
    orgs
      .map((id, i) => `- id: ${id}\n  name: Organization ${i}\n  url: https://${id}.example.com/\n`)
      .join(""),
  );
  await writeFile(
    join(dir, "people.yaml"),
    people
      .map(
        (id, i) =>
          `- id: ${id}\n  name: { en: Person ${i}, zh-CN: 人物 ${i} }\n  organization: ${orgs[i]}\n`,
      )
      .join(""),
  );
}

/** The figures, in assets/ (made only when an announcement shows one: a folder without is usual). */
async function writeFigures(dir: string): Promise<void> {
  await mkdir(join(dir, "assets"), { recursive: true });
  await writeFile(join(dir, "assets", CHART), testPng(240, 120));
  await writeFile(join(dir, "assets", DIAGRAM), diagramSvg);
}

/**
 * Writes a synthetic content folder with `count` announcement files into `dir`: half in en,
 * half in zh-CN translations of them, with every Markdown feature the renderers handle
 * (tables, footnotes, lists, quotes, links, emoji, Chinese with Latin and Latin with Chinese)
 * and, in every fourth announcement, a figure (PNG or SVG in assets/).
 */
export async function writeSyntheticContent(dir: string, count: number): Promise<void> {
  await writeShared(dir);
  let figures = false;
  for (let n = 0; n < count; n++) {
    const i = Math.floor(n / 2);
    const locale = n % 2 === 0 ? "en" : "zh-CN";
    figures ||= figureOf(i) !== undefined;
    await writeFile(
      join(dir, "announcements", `news-${i}.${locale}.md`),
      frontMatter(i, locale) + body(i, locale === "zh-CN"),
    );
  }
  if (figures) await writeFigures(dir);
}

// A long body: sections of about 2 KB, each a heading, paragraphs with links, emphasis, code
// and a footnote, a list (nested), a table, a quote and now and then a figure, the way a long
// report or a prospectus is written. The text varies from section to section so that nothing
// (a cache, a line breaker) can profit from repetition a real text would not have.

const enWords =
  "the company closed its round with investors from three continents while revenue grew faster than planned and the team doubled in size across engineering sales and support offices".split(
    " ",
  );
const zhPhrases = [
  "公司完成了新一轮融资",
  "来自三大洲的投资者参与",
  "收入增长快于计划",
  "团队规模扩大了一倍",
  "工程、销售和支持部门",
  "我们将继续投资开源社区",
  "客户数量稳步增加",
  "新产品将于明年发布",
];
const latinInZh = ["Greylock Partners", "Docker 1.0", "GitHub", "API", "Kubernetes", "Q3"];
const zhInEn = ["融资", "北京", "开源", "深圳"];

/** A sentence of `length` words chosen by `seed`. */
function enSentence(seed: number, length: number): string {
  const words: string[] = [];
  for (let k = 0; k < length; k++) words.push(enWords[(seed * 7 + k * 13) % enWords.length] ?? "");
  const text = words.join(" ");
  return `${text[0]?.toUpperCase()}${text.slice(1)}.`;
}

/** A Chinese sentence of `length` phrases chosen by `seed`, with a Latin name inside. */
function zhSentence(seed: number, length: number): string {
  const phrases: string[] = [];
  for (let k = 0; k < length; k++)
    phrases.push(zhPhrases[(seed * 5 + k * 3) % zhPhrases.length] ?? "");
  const latin = latinInZh[seed % latinInZh.length];
  return `${phrases.join("，")}，与 ${latin} 合作。`;
}

function enSection(s: number): string {
  const figure =
    s % 10 === 9
      ? [
          `![Chart for section ${s + 1}](../assets/${s % 20 === 9 ? CHART : DIAGRAM} "Figure ${s + 1}: revenue by quarter")`,
          "",
        ]
      : [];
  return [
    `## ${s + 1}. ${enSentence(s, 4).slice(0, -1)}`,
    "",
    `${enSentence(s, 18)} ${enSentence(s + 1, 11)} Read the [report for part ${s + 1}](https://example.com/reports/${s}) and the **${enWords[s % enWords.length]}** figures, _as planned_, with \`v${s}.0\` and ~~old~~ new numbers.[^n${s}] The word ${zhInEn[s % zhInEn.length]} stands in Chinese.`,
    "",
    `${enSentence(s + 2, 25)} ${enSentence(s + 3, 16)} ${enSentence(s + 4, 9)}`,
    "",
    `- ${enSentence(s + 5, 6)}`,
    `- ${enSentence(s + 6, 8)} See <https://example.org/items/${s}>.`,
    `  - ${enSentence(s + 7, 5)}`,
    `- ${enSentence(s + 8, 7)}`,
    "",
    ...figure,
    "| Quarter | Revenue | Growth |",
    "| :--- | ---: | ---: |",
    ...[1, 2, 3].map(
      (q) => `| Q${q} ${2000 + (s % 25)} | ${(s + 1) * q * 125} | ${(q * 7 + s) % 40}% |`,
    ),
    "",
    `> ${enSentence(s + 9, 14)}`,
    "",
    `[^n${s}]: ${enSentence(s + 10, 6)} Source: [annual report](https://example.com/annual/${s}).`,
    "",
  ].join("\n");
}

function zhSection(s: number): string {
  const figure =
    s % 10 === 9
      ? [
          `![第 ${s + 1} 节的图表](../assets/${s % 20 === 9 ? CHART : DIAGRAM} "图 ${s + 1}：各季度收入")`,
          "",
        ]
      : [];
  return [
    `## ${s + 1}. ${zhPhrases[s % zhPhrases.length]}`,
    "",
    `${zhSentence(s, 4)}${zhSentence(s + 1, 3)}详见[第 ${s + 1} 部分的报告](https://example.com/reports/${s})以及**${zhPhrases[(s + 1) % zhPhrases.length]}**的数据，_按计划_进行，版本 \`v${s}.0\`，~~旧~~新数字。[^n${s}]`,
    "",
    `${zhSentence(s + 2, 6)}${zhSentence(s + 3, 4)}${zhSentence(s + 4, 3)}`,
    "",
    `- ${zhSentence(s + 5, 2)}`,
    `- ${zhSentence(s + 6, 2)}参见 <https://example.org/items/${s}>。`,
    `  - ${zhSentence(s + 7, 1)}`,
    `- ${zhSentence(s + 8, 2)}`,
    "",
    ...figure,
    "| 季度 | 收入 | 增长 |",
    "| :--- | ---: | ---: |",
    ...[1, 2, 3].map(
      (q) => `| Q${q} ${2000 + (s % 25)} | ${(s + 1) * q * 125} | ${(q * 7 + s) % 40}% |`,
    ),
    "",
    `> ${zhSentence(s + 9, 3)}`,
    "",
    `[^n${s}]: ${zhSentence(s + 10, 2)}来源：[年报](https://example.com/annual/${s})。`,
    "",
  ].join("\n");
}

/**
 * A Markdown body of exactly `bytes` bytes of UTF-8 (at least a few hundred): sections of
 * about 2 KB with headings, paragraphs, links, footnotes, lists, tables, quotes and figures
 * (`../assets/chart.png`, `../assets/diagram.svg`), in Chinese with Latin names (zh-CN) or
 * English with Chinese words (en).
 */
export function largeBody(bytes: number, locale: "en" | "zh-CN"): string {
  const section = locale === "zh-CN" ? zhSection : enSection;
  const end = locale === "zh-CN" ? "全文完。\n" : "The end.\n";
  const parts: string[] = [];
  // Each section ends with a newline; they are joined by another (a blank line between).
  let size = 0;
  const reserve = Buffer.byteLength(end);
  for (let s = 0; ; s++) {
    const next = section(s);
    const length = Buffer.byteLength(next) + 1;
    if (size + length + reserve > bytes) break;
    parts.push(next);
    size += length;
  }
  // Fill to the exact size with one last paragraph of Latin words (a byte a character).
  let pad = "";
  for (let k = 0; pad.length < bytes - size - reserve; k++)
    pad += `${enWords[(k * 11) % enWords.length]} `;
  parts.push(pad.slice(0, Math.max(0, bytes - size - reserve)) + end);
  return parts.join("\n");
}

/**
 * Writes a content folder with one announcement (`big`, in `locale`) whose body is `bytes`
 * bytes long (see largeBody), and the figures it shows.
 */
export async function writeLargeBodyContent(
  dir: string,
  bytes: number,
  locale: "en" | "zh-CN" = "en",
): Promise<void> {
  await writeShared(dir);
  await writeFigures(dir);
  const front = frontMatter(0, locale).replace("id: news-0", "id: big");
  await writeFile(join(dir, "announcements", `big.${locale}.md`), front + largeBody(bytes, locale));
}
