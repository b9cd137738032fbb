import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { afterAll, expect, it } from "vitest";
import { runHerald } from "./test-support.js";

// Issue 13: the press kit's running header cuts a long title with "…". herald verify leaves
// the header out of the press kit's text (pdftotext reads it inside paragraphs that run over
// a page break), the cut one too.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

it("#13: herald verify passes a press kit whose running header cuts a long title with …", async () => {
  const dir = await mkdtemp(join(tmpdir(), "herald-verify-header-"));
  dirs.push(dir);
  const content = join(dir, "content");
  const out = join(dir, "out");
  await cp(sampleContentDir, content, { recursive: true });
  const file = join(content, "announcements", "docker-series-b.en.md");
  await writeFile(
    file,
    (await readFile(file, "utf8")).replace(
      "title: Docker raises $15 million in Series B funding",
      "title: Docker raises $15 million in Series B funding led by Greylock Partners to build the platform for distributed applications",
    ),
  );
  const build = await runHerald(["build", "--content", content, "--out", out], dir);
  expect(build.stderr).toBe("");
  expect(build.code).toBe(0);
  const verify = await runHerald(["verify", "--content", content, "--out", out], dir);
  expect(verify.stdout + verify.stderr).toContain("Every output says what the content says.");
  expect(verify.code).toBe(0);
});
