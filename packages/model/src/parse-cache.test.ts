import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type LoadResult, loadContent } from "./load.js";
import { memoryParseCache, type ParseCache, SETTLED_MS } from "./parse-cache.js";
import { writeSyntheticContent } from "./synthetic.js";

// Issue 15: loadContent with a per-file parse cache (herald dev's incremental load) gives
// exactly what a load without one gives, whatever changed, and trusts no entry it did not make.

const fixtures = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function copyOf(folder: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "herald-parse-cache-"));
  dirs.push(dir);
  await cp(folder, dir, { recursive: true });
  return dir;
}

async function edit(dir: string, file: string, change: (text: string) => string) {
  const path = join(dir, file);
  await writeFile(path, change(await readFile(path, "utf8")));
}

/** What a load says, without the functions a deep comparison cannot see through. */
const seen = (result: LoadResult) => JSON.parse(JSON.stringify(result)) as unknown;

/** Loads `dir` with `cache` and without, and expects both to say exactly the same. */
async function expectSameAsCold(dir: string, cache: ParseCache): Promise<LoadResult> {
  const warm = await loadContent(dir, { parsed: cache });
  const cold = await loadContent(dir);
  expect(seen(warm)).toEqual(seen(cold));
  expect(warm).toEqual(cold);
  return warm;
}

/** A cache kept as JSON text, as one on disk would be. */
function jsonCache(): ParseCache & { entries: Map<string, string> } {
  const entries = new Map<string, string>();
  return {
    entries,
    get: (key) => {
      const text = entries.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    set: (key, value) => void entries.set(key, JSON.stringify(value)),
  };
}

describe("loadContent with a parse cache (#15)", () => {
  it("#15: after editing one announcement, a cached load equals a cold one and parses only that file", async () => {
    const dir = await copyOf(join(fixtures, "_rich"));
    const cache = memoryParseCache();
    const first = await expectSameAsCold(dir, cache);
    expect(first.ok).toBe(true);
    expect(cache.size).toBe(2);
    await expectSameAsCold(dir, cache);
    expect(cache.size).toBe(2);

    await edit(dir, "announcements/series-a.en.md", (t) =>
      t.replace("title: Acme Robotics raises €4 million", "title: Acme raises its Series A"),
    );
    const edited = await expectSameAsCold(dir, cache);
    expect(cache.size).toBe(3);
    expect(edited.ok && edited.content.announcements.map((a) => a.title)).toContain(
      "Acme raises its Series A",
    );
  });

  it("#15: a mistake in the edited file and one it causes in unchanged files are reported as a cold load does", async () => {
    const dir = await copyOf(join(fixtures, "_rich"));
    const cache = memoryParseCache();
    await expectSameAsCold(dir, cache);
    await edit(dir, "announcements/series-a.en.md", (t) =>
      t.replace("date: 2025-03-04", "date: 2025-13-45"),
    );
    const bad = await expectSameAsCold(dir, cache);
    expect(bad.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toContain(
      "announcements/series-a.en.md:5:7 bad-date",
    );
    await edit(dir, "announcements/series-a.en.md", (t) =>
      t.replace("date: 2025-13-45", "date: 2025-03-04"),
    );
    await expectSameAsCold(dir, cache);
    // A shared file changes: the unchanged (cached) announcements that name the person are
    // now wrong, each at its own line and column.
    await edit(dir, "people.yaml", (t) => t.replaceAll("id: mara", "id: marah"));
    const unknown = await expectSameAsCold(dir, cache);
    const places = unknown.diagnostics
      .filter((d) => d.code === "unknown-reference" && d.file.startsWith("announcements/"))
      .map((d) => `${d.file}:${d.line}:${d.column} ${d.field}`);
    expect(places).toEqual([
      "announcements/series-a.en.md:14:18 funding › boardMembers › item 1",
      "announcements/series-a.zh-CN.md:14:18 funding › boardMembers › item 1",
    ]);
  });

  it("#15: a change to site.yaml or people.yaml is seen by the next cached load", async () => {
    const dir = await copyOf(join(fixtures, "_rich"));
    const cache = memoryParseCache();
    await expectSameAsCold(dir, cache);
    await edit(dir, "site.yaml", (t) => t.replace(/^name: .*$/m, "name: Acme Renamed"));
    const renamed = await expectSameAsCold(dir, cache);
    expect(renamed.ok && renamed.content.site.name).toBe("Acme Renamed");
    await edit(dir, "people.yaml", (t) => t.replace("Pieter van der Berg", "Pieter Berg"));
    const person = await expectSameAsCold(dir, cache);
    expect(person.ok && person.content.people.map((p) => p.name)).toContain("Pieter Berg");
    // Nothing of an announcement changed: nothing was parsed again.
    expect(cache.size).toBe(2);
  });

  it("#15: every fixture, good or bad, loads from a cache kept as JSON (as on disk) as it loads cold", async () => {
    const names = (await readdir(fixtures)).sort();
    for (const name of names) {
      const dir = join(fixtures, name);
      // As JSON: what a disk cache gives back, the strictest case.
      const cache = jsonCache();
      const cold = await loadContent(dir, { parsed: cache });
      const warm = await loadContent(dir, { parsed: cache });
      expect(seen(warm), name).toEqual(seen(cold));
    }
  }, 60_000);

  it("#15: a damaged or foreign entry is parsed again, never trusted", async () => {
    const dir = await copyOf(join(fixtures, "_rich"));
    const cache = jsonCache();
    await expectSameAsCold(dir, cache);
    const keys = [...cache.entries.keys()];
    expect(keys).toHaveLength(2);
    const [one = "", other = ""] = keys;
    const good = cache.entries.get(other) as string;
    // Each file's entry swapped with the other's, then broken in two ways.
    cache.entries.set(one, good);
    await expectSameAsCold(dir, cache);
    cache.entries.set(one, JSON.stringify({ key: one, diagnostics: "none", read: true }));
    cache.entries.set(other, JSON.stringify(null));
    await expectSameAsCold(dir, cache);
    const after = await loadContent(dir, { parsed: cache });
    expect(after.ok).toBe(true);
  });

  it("#15: 60 synthetic translations, one edited, one moved: a cached load equals a cold one", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-parse-cache-"));
    dirs.push(dir);
    await writeSyntheticContent(dir, 60);
    const cache = memoryParseCache();
    await expectSameAsCold(dir, cache);
    const files = (await readdir(join(dir, "announcements"))).sort();
    const [a = "", b = ""] = files;
    await edit(dir, `announcements/${a}`, (t) => t.replace(/^title: .*$/m, 'title: "Edited"'));
    // The same bytes under another name: an entry is the file's, not only its bytes'.
    await writeFile(
      join(dir, "announcements", `moved-${b}`),
      await readFile(join(dir, "announcements", b)),
    );
    await rm(join(dir, "announcements", b));
    const after = await expectSameAsCold(dir, cache);
    expect(after.ok && after.content.announcements.some((x) => x.file.includes("moved-"))).toBe(
      true,
    );
  });

  it("#15: files unchanged for a while are taken by their stamp, and any edit to one is still seen", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-parse-cache-"));
    dirs.push(dir);
    await writeSyntheticContent(dir, 6);
    // Stamps are trusted only for files that had not changed for a while when read.
    await new Promise((resolve) => setTimeout(resolve, SETTLED_MS + 200));
    const cache = memoryParseCache();
    await expectSameAsCold(dir, cache);
    await expectSameAsCold(dir, cache);
    // An edit of the same size, then another at once: each is seen.
    const file = "announcements/news-1.en.md";
    await edit(dir, file, (t) => t.replace("Announcement 1:", "Announcement 7:"));
    const once = await expectSameAsCold(dir, cache);
    await edit(dir, file, (t) => t.replace("Announcement 7:", "Announcement 8:"));
    const twice = await expectSameAsCold(dir, cache);
    const title = (r: LoadResult) =>
      r.ok ? r.content.announcements.find((a) => a.file === file)?.title : undefined;
    expect([title(once), title(twice)]).toEqual([
      "Announcement 7: a new funding round",
      "Announcement 8: a new funding round",
    ]);
    // A cross-file problem in a file taken by its stamp still points at its place.
    await edit(dir, "people.yaml", (t) => t.replace("id: person-0\n", "id: person-x\n"));
    const unknown = await expectSameAsCold(dir, cache);
    expect(unknown.diagnostics.some((d) => d.code === "unknown-reference" && d.line > 2)).toBe(
      true,
    );
  });
});
