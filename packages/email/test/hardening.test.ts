import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type Announcement,
  announcementDocument,
  loadContent,
  sampleContentDir,
} from "@herald/model";
import { acceptedMutations, deepestNesting } from "@herald/model/testing";
import { afterAll, describe, expect, it } from "vitest";
import { compileEmail } from "../src/index.js";

// Issue #9: whatever `herald check` accepts must build, and nothing the loader keeps may be
// dropped on the way into the newsletter.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function copyOfSample(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "herald-email-hardening-"));
  dirs.push(dir);
  await cp(sampleContentDir, dir, { recursive: true });
  await rm(join(dir, "announcements/docker-series-b.zh-CN.md"));
  return dir;
}

const reader = { email: "reader@example.com", name: "Reader" };

describe("newsletters of unusual but valid content", () => {
  it("#9: keeps the text after the deepest nesting the loader accepts, in HTML and plain text", async () => {
    const dir = await copyOfSample();
    const file = join(dir, "announcements/docker-series-b.en.md");
    await writeFile(file, `${await readFile(file, "utf8")}${deepestNesting.markdown}`);
    const loaded = await loadContent(dir);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const a = loaded.content.announcements[0] as Announcement;
    const parts = compileEmail(
      loaded.content.site,
      announcementDocument(loaded.content, a),
    ).personalize(reader);
    for (const expected of deepestNesting.words) {
      expect(parts.html).toContain(expected);
      expect(parts.text).toContain(expected);
    }
  });

  it("#9: compiles every accepted mutation of a sample of 150 without throwing", async () => {
    const dir = await copyOfSample();
    const failures: string[] = [];
    let compiled = 0;
    for await (const { content, file, index } of acceptedMutations(dir, 91, 150)) {
      for (const a of content.announcements) {
        try {
          const parts = compileEmail(content.site, announcementDocument(content, a)).personalize(
            reader,
          );
          if (!parts.subject || !parts.html || !parts.text) failures.push(`#${index}: empty part`);
          compiled++;
        } catch (error) {
          failures.push(`#${index} ${file}: ${(error as Error).stack}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(compiled).toBeGreaterThan(10);
  });
});
