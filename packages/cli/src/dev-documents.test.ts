import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Content, loadContent, memoryParseCache } from "@herald/model";
import { writeSyntheticContent } from "@herald/model/testing";
import { afterAll, describe, expect, it } from "vitest";
import { DocumentCache, sameButCompany } from "./dev-documents.js";
import { documentsOf } from "./pipeline.js";

// Issue 15: herald dev makes a document again only when what it is made from changed; every
// document it keeps is exactly the one the build would make.

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** The documents as data (their words are functions, the same for the same labels). */
const data = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe("herald dev's documents (#15)", () => {
  it("#15: after each kind of edit, the kept and remade documents equal the build's, and only the edited ones are remade", async () => {
    const dir = await mkdtemp(join(tmpdir(), "herald-dev-documents-"));
    dirs.push(dir);
    await writeSyntheticContent(dir, 12);
    const parsed = memoryParseCache();
    const cache = new DocumentCache();
    const load = async (): Promise<Content> => {
      const result = await loadContent(dir, { parsed });
      if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
      return result.content;
    };
    const edit = async (file: string, change: (text: string) => string) => {
      const path = join(dir, file);
      await writeFile(path, change(await readFile(path, "utf8")));
    };
    let before = cache.documents(await load());
    /** Documents again after `change`: they must be the build's; returns which were remade. */
    const after = async (change: () => Promise<void>) => {
      await change();
      const content = await load();
      const documents = cache.documents(content);
      expect(data(documents)).toEqual(data(documentsOf(content)));
      // By key: a file gone moves the others.
      const old = new Map(before.map((d) => [`${d.id} ${d.locale}`, d]));
      const remade = documents
        .filter((d) => {
          const was = old.get(`${d.id} ${d.locale}`);
          return !was || !sameButCompany(was, d);
        })
        .map((d) => `${d.id} ${d.locale}`)
        .sort();
      before = documents;
      return remade;
    };

    expect(await after(async () => {})).toEqual([]);
    // The body: that announcement's translations (each is made from all of them), no other.
    await expect(
      after(() =>
        edit("announcements/news-3.en.md", (t) => t.replace("we closed", "we have closed")),
      ),
    ).resolves.toEqual(["news-3 en", "news-3 zh-CN"]);
    // The title: both translations (each lists the other by its title).
    await expect(
      after(() =>
        edit("announcements/news-3.en.md", (t) => t.replace(/^title: .*$/m, 'title: "Renamed"')),
      ),
    ).resolves.toEqual(["news-3 en", "news-3 zh-CN"]);
    // An amount: every document's company gives the new total raised, but only the edited
    // announcement's documents are made again.
    const total = (d: (typeof before)[number]) => d.company.raised?.text;
    const totalBefore = before.map(total);
    await expect(
      after(() =>
        edit("announcements/news-4.en.md", (t) => t.replace("amount: 5000000", "amount: 5500000")),
      ),
    ).resolves.toEqual(["news-4 en", "news-4 zh-CN"]);
    expect(before.map(total)).not.toEqual(totalBefore);
    // A person every document may name: all of them.
    const people = await after(() =>
      edit("people.yaml", (t) => t.replace(/name: .*$/m, "name: Someone Else")),
    );
    expect(people).toHaveLength(before.length);
    // A file gone: the others are kept.
    await expect(after(() => rm(join(dir, "announcements/news-5.zh-CN.md")))).resolves.toEqual([
      "news-5 en",
    ]);
  });
});
