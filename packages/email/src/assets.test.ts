import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { announcementDocument, loadContent, sampleContentDir } from "@herald/model";
import { testPng } from "@herald/model/testing";
import { describe, expect, it, onTestFinished } from "vitest";
import { compileEmail, sampleRecipient } from "./render.js";

describe("#9: files in assets/ in the newsletter", () => {
  it("#9: images and links to assets/ use their public address in both parts, encoded", async () => {
    const temp = await mkdtemp(join(tmpdir(), "herald-email-"));
    onTestFinished(() => rm(temp, { recursive: true, force: true }));
    const dir = join(temp, "content");
    await cp(sampleContentDir, dir, { recursive: true });
    await mkdir(join(dir, "assets"), { recursive: true });
    await writeFile(join(dir, "assets/chart é.png"), testPng(8, 8));
    await writeFile(join(dir, "assets/kit.pdf"), "%PDF-1.4\n%%EOF\n");
    const file = join(dir, "announcements/docker-series-b.en.md");
    await writeFile(
      file,
      `${await readFile(file, "utf8")}\n![Chart](<../assets/chart é.png>)\n\nThe [press kit](../assets/kit.pdf).\n`,
    );
    const loaded = await loadContent(dir);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const a = loaded.content.announcements.find((x) => x.locale === "en");
    if (!a) throw new Error("no English announcement");
    const document = announcementDocument(loaded.content, a);
    const parts = compileEmail(loaded.content.site, document).personalize(
      sampleRecipient(document),
    );
    const site = loaded.content.site.url.replace(/\/?$/, "/");
    expect(parts.html).toContain(`src="${site}assets/chart%20%C3%A9.png"`);
    expect(parts.html).toContain(`href="${site}assets/kit.pdf"`);
    expect(parts.html).not.toContain("../assets/");
    expect(parts.text).toContain(`${site}assets/chart%20%C3%A9.png`);
    expect(parts.text).toContain(`${site}assets/kit.pdf`);
    expect(parts.text).not.toContain("../assets/");
  });
});
