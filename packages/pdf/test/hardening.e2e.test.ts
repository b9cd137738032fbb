import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  type Announcement,
  announcementDocument,
  type Content,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { acceptedMutations, deepestNesting } from "@herald/model/testing";
import { afterAll, describe, expect, it } from "vitest";
import { renderPressKit } from "../src/index.js";

// Issue #9: whatever `herald check` accepts must build. Each case edits a copy of the sample,
// loads it through the real loader and reads the press kit back with poppler.

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** Loads a copy of the sample whose English announcement went through `edit`. */
async function sampleWith(edit: (text: string) => string) {
  const dir = await mkdtemp(join(tmpdir(), "herald-pdf-hardening-"));
  dirs.push(dir);
  await cp(sampleContentDir, dir, { recursive: true });
  const file = join(dir, "announcements/docker-series-b.en.md");
  await writeFile(file, edit(await readFile(file, "utf8")));
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics, null, 2));
  const a = loaded.content.announcements.find((x) => x.locale === "en") as Announcement;
  return { dir, content: loaded.content, a };
}

const kitOf = (content: Content, a: Announcement) =>
  renderPressKit(announcementDocument(content, a), { contentDir: content.dir });

async function textOfKit(dir: string, bytes: Uint8Array): Promise<string> {
  const file = join(dir, "kit.pdf");
  await writeFile(file, bytes);
  return (await run("pdftotext", ["-enc", "UTF-8", file, "-"])).stdout;
}

describe("press kits of unusual but valid content", () => {
  it("#9: draws a chart whose figures are all zero instead of dividing by zero", async () => {
    const { dir, content, a } = await sampleWith((text) =>
      text.replace(/^( {4}value:) \d+$/gm, "$1 0"),
    );
    expect(a.metrics.map((m) => m.value)).toEqual([0, 0, 0, 0]);
    const kit = await kitOf(content, a);
    const text = await textOfKit(dir, kit.bytes);
    expect(text).toContain("Cities with Docker meetup groups");
    expect(text).toContain("over 0");
  });

  it("#9: lays out the deepest nesting the loader accepts, and the text after it", async () => {
    const { dir, content, a } = await sampleWith((text) => `${text}${deepestNesting.markdown}`);
    const kit = await kitOf(content, a);
    const text = (await textOfKit(dir, kit.bytes)).replace(/\s+/g, " ");
    for (const expected of deepestNesting.words) {
      expect(text).toContain(expected);
    }
  });
});

describe("press kits of fuzzed content the loader accepts", () => {
  it("#9: renders every accepted mutation of a sample of 150 without throwing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-pdf-fuzz-"));
    dirs.push(dir);
    await cp(sampleContentDir, dir, { recursive: true });
    await rm(join(dir, "announcements/docker-series-b.zh-CN.md"));
    const failures: string[] = [];
    let rendered = 0;
    for await (const { content, file, index } of acceptedMutations(dir, 90, 150)) {
      for (const a of content.announcements) {
        try {
          const kit = await kitOf(content, a);
          if (kit.pages < 1) failures.push(`#${index} ${file}: no pages`);
          rendered++;
        } catch (error) {
          failures.push(`#${index} ${file}: ${(error as Error).stack}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(rendered).toBeGreaterThan(10);
  });
});
