import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  isUnderEmbargo,
  splitByEmbargo,
} from "@herald/model";
import { loadLanguagesContent, writeLanguagesContent } from "@herald/model/testing";

// Issue 14's test content: the languages content of issue 11 (seven languages, Arabic among
// them), its announcement corrected and updated after publication in English, Chinese and
// Arabic, and a second announcement in those three languages under an embargo far ahead.

/** A moment long before the embargo, when the test builds run. */
export const NOW = new Date("2026-11-29T00:00:00Z");
export const EMBARGO = "2031-12-01T09:00:00+01:00";
export const UPDATED = "series-a";
export const EMBARGOED = "series-b";
export const LOCALES = ["en", "zh-CN", "ar"] as const;

const updates: Record<(typeof LOCALES)[number], string> = {
  en: `updates:
  - date: 2025-03-06T10:00:00+01:00
    text: An earlier version gave the round as **€40 million**; it is ~~€40 million~~ €4 million. See [the filing](https://register.example/acme).
    kind: correction
  - date: 2025-03-20T16:30:00-05:00
    text: Acme has since opened its office in _Rotterdam_.`,
  "zh-CN": `updates:
  - date: 2025-03-06T17:00:00+08:00
    text: 本文早前版本将融资额误写为 **4000 万欧元**，应为 ~~4000 万欧元~~ 400 万欧元。详见[备案文件](https://register.example/acme)。
    kind: correction
  - date: 2025-03-21T05:30:00+08:00
    text: Acme 已在鹿特丹开设办公室。`,
  ar: `updates:
  - date: 2025-03-06T12:00:00+03:00
    text: ذكرت نسخة سابقة أن قيمة الجولة **40 مليون يورو**، والصحيح ~~40 مليون يورو~~ 4 ملايين يورو. انظر [الملف](https://register.example/acme).
    kind: correction
  - date: 2025-03-21T00:30:00+03:00
    text: افتتحت Acme مكتبها في روتردام.`,
};

const titles: Record<(typeof LOCALES)[number], string> = {
  en: "Acme Robotics launches its second robot arm",
  "zh-CN": "Acme Robotics 发布第二款机械臂",
  ar: "Acme Robotics تطلق ذراعها الآلية الثانية",
};

const edit = async (file: string, change: (text: string) => string) =>
  writeFile(file, change(await readFile(file, "utf8")));

/** The content folder, written to a new temporary folder, and loaded. */
export async function writeEmbargoContent(): Promise<{ dir: string; content: Content }> {
  const dir = await writeLanguagesContent();
  for (const locale of LOCALES) {
    const file = (id: string) => join(dir, `announcements/${id}.${locale}.md`);
    const text = await readFile(file(UPDATED), "utf8");
    await writeFile(
      file(EMBARGOED),
      text
        .replace(/^id: .*$/m, `id: ${EMBARGOED}`)
        .replace(/^title: .*$/m, `title: ${JSON.stringify(titles[locale])}`)
        .replace(/^date: .*$/m, `date: 2031-12-01\nembargo: ${EMBARGO}`)
        // The Arabic text cites the English original: its page, under the same embargo.
        .replaceAll(`/news/${UPDATED}/`, `/news/${EMBARGOED}/`),
    );
    await edit(file(UPDATED), (t) =>
      t.replace(/^date: .*$/m, (date) => `${date}\n${updates[locale]}`),
    );
  }
  return { dir, content: await loadLanguagesContent(dir) };
}

/**
 * The documents `herald dev` lays out: every announcement as if published, those under
 * embargo at NOW carrying their notice.
 */
export const devDocuments = (content: Content): AnnouncementDocument[] =>
  content.announcements.map((a) =>
    announcementDocument(content, a, { embargoed: isUnderEmbargo(a, NOW) }),
  );

/** What `herald build` gives the embargoed preview: the content under embargo, its documents. */
export function embargoedPart(content: Content): {
  content: Content;
  documents: AnnouncementDocument[];
} {
  const { embargoed } = splitByEmbargo(content, NOW);
  return {
    content: embargoed,
    documents: embargoed.announcements.map((a) =>
      announcementDocument(embargoed, a, { embargoed: true }),
    ),
  };
}
