import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Announcement,
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { richContentDir, worldContentDir } from "@herald/model/testing";
import { afterAll } from "vitest";
import { compileEmail, type EmailParts } from "../src/render.js";

// Content for the newsletter's tests: the rich fixture of issue 10 (every kind of node the
// document resolves) and the sample, loaded for real.

export { richContentDir, sampleContentDir };

export async function load(dir: string): Promise<Content> {
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  return loaded.content;
}

export const loadRich = () => load(richContentDir);
export const loadSample = () => load(sampleContentDir);

/** The document of the announcement in `locale` (the first one when there are several). */
export function documentOf(content: Content, locale: string): AnnouncementDocument {
  const a = content.announcements.find((x: Announcement) => x.locale === locale);
  if (!a) throw new Error(`no ${locale} announcement`);
  return announcementDocument(content, a);
}

export const reader = { email: "reader@example.com", name: "Reader" };

/** Both parts of the newsletter in `locale`, for `reader`. */
export const emailOf = (content: Content, locale: string): EmailParts =>
  compileEmail(content.site, documentOf(content, locale)).personalize(reader);

/** The embargo every test announcement under embargo has: far ahead, in Paris time. */
export const EMBARGO = "2036-12-01T09:00:00+01:00";

/** Two updates, one a correction, in the language of `locale`'s translation (issue 14). */
const UPDATES: Record<string, [string, string]> = {
  en: [
    "The round was **$15 million**, not $50 million as an earlier version said.",
    "Docker will present the plan at [DockerCon](https://www.dockercon.com/) on December 3.",
  ],
  "zh-CN": [
    "本轮融资为 **1500 万美元**，而非此前版本所写的 5000 万美元。",
    "Docker 将于 12 月 3 日在 [DockerCon](https://www.dockercon.com/) 上介绍这一计划。",
  ],
  ar: [
    "بلغت قيمة الجولة **32 مليون يورو**، لا 23 مليونًا كما ورد في نسخة سابقة.",
    "ستعرض الشركة خطتها في مؤتمر [Intersolar](https://www.intersolar.de/) يوم 3 ديسمبر.",
  ],
};

/**
 * A copy of the sample, the world fixture and the rich one (local images, a local PDF link, a
 * logo), every translation under an embargo (when
 * `embargo` is true) with two updates (a correction, then a newer update) in its language.
 */
export async function embargoedCopies({
  embargo = true,
  updates = true,
}: {
  embargo?: boolean;
  updates?: boolean;
} = {}): Promise<{ sample: Content; world: Content; rich: Content }> {
  const copy = async (from: string, file: (locale: string) => string, locales: string[]) => {
    const dir = await mkdtemp(join(tmpdir(), "herald-email-i14-"));
    copies.push(dir);
    await cp(from, dir, { recursive: true });
    for (const locale of locales) {
      const path = join(dir, file(locale));
      const [correction, update] = UPDATES[locale] ?? (UPDATES.en as [string, string]);
      const lines = [
        ...(embargo ? [`embargo: ${EMBARGO}`] : []),
        ...(updates
          ? [
              "updates:",
              "  - date: 2036-12-02T10:00:00+01:00",
              `    text: ${JSON.stringify(correction)}`,
              "    kind: correction",
              "  - date: 2036-12-05T18:30:00-05:00",
              `    text: ${JSON.stringify(update)}`,
            ]
          : []),
      ].join("\n");
      const text = await readFile(path, "utf8");
      await writeFile(
        path,
        text.replace(/^date: .*$/m, (date) => `${date}\n${lines}`),
      );
    }
    return load(dir);
  };
  const [sample, world, rich] = await Promise.all([
    copy(sampleContentDir, (l) => `announcements/docker-series-b.${l}.md`, ["en", "zh-CN"]),
    copy(worldContentDir, (l) => `announcements/series-b.${l}.md`, [
      "ar",
      "de",
      "en",
      "ko",
      "zh-TW",
    ]),
    copy(richContentDir, (l) => `announcements/series-a.${l}.md`, ["en", "zh-CN"]),
  ]);
  return { sample, world, rich };
}
const copies: string[] = [];
// The copies go after the tests of the file that made them (each test file imports this module
// afresh). Not on the worker's exit: vitest ends its workers with a signal, and they stayed.
afterAll(async () => {
  for (const dir of copies.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** The document of `locale`, built as under embargo when the announcement has one. */
export function embargoedDocumentOf(content: Content, locale: string): AnnouncementDocument {
  const a = content.announcements.find((x: Announcement) => x.locale === locale);
  if (!a) throw new Error(`no ${locale} announcement`);
  return announcementDocument(content, a, { embargoed: true });
}
