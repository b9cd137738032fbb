import { cp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { richContentDir } from "@herald/model/testing";
import { describe, expect, it } from "vitest";
import { runHerald, tempDir } from "./test-support.js";

/** The sample content with Swedish added to its locales, and `labels` as its labels.yaml. */
async function swedishSample(labels?: string): Promise<string> {
  const dir = join(await tempDir("herald-labels-"), "content");
  await cp(sampleContentDir, dir, { recursive: true });
  const site = join(dir, "site.yaml");
  const text = await readFile(site, "utf8");
  await writeFile(site, text.replace(/^locales: \[(.*)\]$/m, "locales: [$1, sv]"));
  if (labels !== undefined) await writeFile(join(dir, "labels.yaml"), labels);
  return dir;
}

describe("herald labels", () => {
  it("#11: a locale with no words stops check and build, naming the locale and labels.yaml", async () => {
    const dir = await swedishSample();
    for (const args of [["check"], ["build", "--out", join(dir, "..", "out")]]) {
      const run = await runHerald([...args, "--content", dir], dir);
      expect(run.code, args[0]).toBe(1);
      expect(run.stderr).toContain("error missing-words (locales › item 3)");
      expect(run.stderr).toContain("Herald has no interface words for sv (svenska)");
      expect(run.stderr).toContain("herald labels --locale sv");
      expect(run.stderr).not.toMatch(/at \w+ \(|bug in Herald/);
    }
  });

  it("#11: prints a template whose every empty value check points at, and which works once filled", async () => {
    const template = await runHerald(["labels", "--locale", "sv"], tmpdir());
    expect(template.code).toBe(0);
    expect(template.stdout).toMatch(/^sv:$/m);
    expect(template.stdout).toContain('  # en: Fact sheet\n  factSheet: ""');

    const empty = await runHerald(
      ["check", "--content", await swedishSample(template.stdout)],
      tmpdir(),
    );
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/labels\.yaml:\d+:\d+ error empty-value \(sv › factSheet\)/);

    // Filled in (here with the English words the template shows), the content is valid.
    const filled = template.stdout.replace(
      /# en: (.*)\n {2}(\w+): ""/g,
      (_, english: string, key: string) => `# en: ${english}\n  ${key}: ${JSON.stringify(english)}`,
    );
    const ok = await runHerald(["check", "--content", await swedishSample(filled)], tmpdir());
    expect(ok.stderr).not.toContain("error");
    expect(ok.code).toBe(0);
  });

  it("#11: writes the locale in its standard form, as site.yaml must", async () => {
    const template = await runHerald(["labels", "--locale", "ZH-tw"], tmpdir());
    expect(template.code).toBe(0);
    expect(template.stdout).toMatch(/^zh-TW:$/m);
  });

  it("#11: refuses a missing or malformed --locale as wrong usage", async () => {
    expect((await runHerald(["labels"], tmpdir())).code).toBe(2);
    const bad = await runHerald(["labels", "--locale", "x!"], tmpdir());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"x!" is not a language code');
  });

  it("#11: words that put a note first, or add words around it, are laid out and verified as written", async () => {
    const dir = join(await tempDir("herald-labels-"), "content");
    await cp(richContentDir, dir, { recursive: true });
    await writeFile(
      join(dir, "labels.yaml"),
      'en:\n  withNote: "{note}: {text}"\nzh-CN:\n  withNote: "{text}（备注：{note}）"\n',
    );
    const out = join(dir, "..", "out");
    const built = await runHerald(["build", "--content", dir, "--out", out], dir);
    expect(built.code).toBe(0);
    const page = await readFile(join(out, "site/en/news/series-a/index.html"), "utf8");
    expect(page).toContain('<span class="role">Partner, Northwind Capital: </span>');
    const verified = await runHerald(["verify", "--content", dir, "--out", out], dir);
    expect(verified.stderr).toBe("");
    expect(verified.code).toBe(0);
  });
});
