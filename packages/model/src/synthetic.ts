import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

// Writes a large, valid content folder for benchmarks and load tests: `count` announcements
// (half in en, half in zh-CN translations of them) with every Markdown feature the renderers
// handle. Deterministic: the same count writes the same files.

const orgs = Array.from({ length: 12 }, (_, i) => `org-${i}`);
const people = Array.from({ length: 12 }, (_, i) => `person-${i}`);

function body(i: number, zh: boolean): string {
  const p = zh
    ? `第 ${i} 号公告：我们完成了新一轮融资，感谢[投资者](https://investor-${i % 7}.example.com/)的支持 🎉。这段文字用于测试中文排版、标点符号和换行规则。`
    : `Announcement ${i}: we closed a new round, thanks to our [investors](https://investor-${i % 7}.example.com/) 🎉. Supercalifragilisticexpialidocious words and https://example.com/a/very/long/path/${i} wrap.`;
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
    "| a | b |",
    "| --- | --- |",
    `| ${i} | ${i * 2} |`,
    "",
    `> ${zh ? "引用" : "A quote"} ${i}`,
    "",
    `[^1]: ${zh ? "脚注" : "A footnote"} ${i}.`,
    "",
  ].join("\n");
}

function announcement(i: number, locale: "en" | "zh-CN"): string {
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

${body(i, zh)}`;
}

/** Writes a synthetic content folder with `count` announcement files into `dir`. */
export async function writeSyntheticContent(dir: string, count: number): Promise<void> {
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
  for (let n = 0; n < count; n++) {
    const i = Math.floor(n / 2);
    const locale = n % 2 === 0 ? "en" : "zh-CN";
    await writeFile(join(dir, "announcements", `news-${i}.${locale}.md`), announcement(i, locale));
  }
}
