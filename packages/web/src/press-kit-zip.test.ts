import { randomBytes } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { announcementDocument, companyOf, loadContent, sampleContentDir } from "@herald/model";
import { testPng } from "@herald/model/testing";
import { unzipSync, Zip, ZipDeflate, ZipPassThrough } from "fflate";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { companyText, pressKitZipEntries, writePressKitZips } from "./press-kit-zip.js";
import { StoredEntry, writeZip } from "./zip-file.js";

/** Each entry of a ZIP's central directory: its name, method (0 stored, 8 deflated), whether kept as is. */
function centralDirectory(zip: Buffer) {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    entries.push({ name, method, stored: compressed === size });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return entries;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "herald-zip-"));
  await mkdir(join(dir, "site/assets"), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("#13: the press-kit ZIP", () => {
  it("#13: holds each file byte for byte, in the order given, the same bytes every time", async () => {
    const site = join(dir, "site");
    // Larger than a read stream's chunk, so an entry is streamed in many pieces.
    const big = randomBytes(300_000);
    await writeFile(join(site, "assets/big.pdf"), big);
    await writeFile(join(site, "assets/logo.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
    await writeFile(join(site, "assets/empty.png"), "");
    const entries = [
      { name: "brand/empty.png", path: "assets/empty.png" },
      { name: "brand/logo.svg", path: "assets/logo.svg" },
      { name: "press-kits/big.pdf", path: "assets/big.pdf" },
    ];
    const size = await writeZip(site, entries, join(dir, "a.zip"));
    await writeZip(site, entries, join(dir, "b.zip"));
    const a = await readFile(join(dir, "a.zip"));
    expect(a.length).toBe(size);
    expect(a.equals(await readFile(join(dir, "b.zip")))).toBe(true);
    const files = unzipSync(new Uint8Array(a));
    expect(Object.keys(files)).toEqual(entries.map((e) => e.name));
    expect(Buffer.from(files["press-kits/big.pdf"] as Uint8Array).equals(big)).toBe(true);
    expect(files["brand/empty.png"]?.length).toBe(0);
  });

  it("#15: stores the PDFs as they are (compressed already), deflates text, and gives each file's size", async () => {
    const site = join(dir, "site");
    // Very compressible, so a deflated entry would be much smaller than the file.
    const pdf = Buffer.from(`%PDF-1.7\n${"0 0 0 rg\n".repeat(20_000)}`);
    const svg = Buffer.from(`<svg xmlns='http://www.w3.org/2000/svg'>${"<g/>".repeat(5000)}</svg>`);
    await writeFile(join(site, "assets/kit.pdf"), pdf);
    await writeFile(join(site, "assets/logo.svg"), svg);
    const sizes = new Map<string, number>();
    const file = join(dir, "kit.zip");
    await writeZip(
      site,
      [
        { name: "about.txt", bytes: new TextEncoder().encode("About us. ".repeat(500)) },
        { name: "brand/logo.svg", path: "assets/logo.svg" },
        { name: "press-kits/kit.pdf", path: "assets/kit.pdf" },
      ],
      file,
      sizes,
    );
    const zip = await readFile(file);
    const methods = centralDirectory(zip);
    expect(methods).toEqual([
      { name: "about.txt", method: 8, stored: false },
      { name: "brand/logo.svg", method: 8, stored: false },
      { name: "press-kits/kit.pdf", method: 0, stored: true },
    ]);
    expect(Buffer.from(unzipSync(new Uint8Array(zip))["press-kits/kit.pdf"] as Uint8Array)).toEqual(
      pdf,
    );
    expect(sizes).toEqual(
      new Map([
        ["assets/logo.svg", svg.length],
        ["assets/kit.pdf", pdf.length],
      ]),
    );
  });

  it("#13: names a file the build has not made, and leaves no half-written ZIP", async () => {
    const site = join(dir, "site");
    const file = join(dir, "kit.zip");
    await expect(
      writeZip(site, [{ name: "press-kits/x.en.pdf", path: "en/news/x/x.en.pdf" }], file),
    ).rejects.toThrow("en/news/x/x.en.pdf is not in the site folder");
    await expect(readFile(file)).rejects.toThrow("ENOENT");
  });

  it("#13: gives two files of one name their own names, and each file once", async () => {
    const content = join(dir, "content");
    await cp(sampleContentDir, content, { recursive: true });
    await mkdir(join(content, "assets/brand"), { recursive: true });
    await mkdir(join(content, "assets/print"), { recursive: true });
    await writeFile(join(content, "assets/brand/logo.png"), testPng(64, 64));
    await writeFile(join(content, "assets/print/logo.png"), testPng(32, 32));
    const site = join(content, "site.yaml");
    await writeFile(
      site,
      `${await readFile(site, "utf8")}  - file: assets/brand/logo.png\n    title: Big\n  - file: assets/print/logo.png\n    title: Small\n`,
    );
    // The sample's logo is one of its brand assets too: zipped once. (A brand asset listed
    // twice is a content error, listed-twice.)
    const loaded = await loadContent(content);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const documents = loaded.content.announcements
      .filter((a) => a.locale === "en")
      .map((a) => announcementDocument(loaded.content, a));
    const entries = pressKitZipEntries(loaded.content, companyOf(loaded.content, "en"), documents);
    expect(entries).toEqual([
      { name: "brand/logo-2.png", path: "assets/print/logo.png" },
      { name: "brand/logo.png", path: "assets/brand/logo.png" },
      { name: "brand/logo.svg", path: "assets/logo.svg" },
      {
        name: "press-kits/docker-series-b.en.pdf",
        path: "en/news/docker-series-b/docker-series-b.en.pdf",
      },
    ]);
  });
});

describe("#15: zipping a newsroom's press kits quickly, to the same bytes", () => {
  /** A ZIP made by fflate's own classes: a deflated text, then stored files pushed in chunks. */
  function fflateZip(files: ReadonlyArray<[string, Uint8Array[]]>, stored: "fflate" | "ours") {
    const out: Uint8Array[] = [];
    const zip = new Zip((error, chunk) => {
      if (error) throw error;
      out.push(chunk);
    });
    const text = new ZipDeflate("about.txt", { level: 6 });
    text.mtime = new Date(2000, 0, 1, 12, 0, 0);
    zip.add(text);
    text.push(new TextEncoder().encode("About us. ".repeat(100)), true);
    for (const [name, chunks] of files) {
      const member = stored === "fflate" ? new ZipPassThrough(name) : new StoredEntry(name);
      member.mtime = new Date(2000, 0, 1, 12, 0, 0);
      zip.add(member);
      chunks.forEach((chunk, i) => {
        member.push(chunk as Uint8Array<ArrayBuffer>, i === chunks.length - 1);
      });
    }
    zip.end();
    return Buffer.concat(out);
  }

  it("#15: a stored entry with Node's CRC-32 writes what fflate's ZipPassThrough writes", () => {
    const files: Array<[string, Uint8Array[]]> = [
      ["press-kits/a.en.pdf", [randomBytes(300_000), randomBytes(5)]],
      ["press-kits/b.zh-CN.pdf", [randomBytes(167_921)]],
      ["press-kits/empty.pdf", [new Uint8Array()]],
      // A CRC with its top bit set: fflate keeps it as a negative number, Node as a positive.
      ["brand/ff.png", [new Uint8Array([0xff, 0xff, 0xff, 0xff])]],
    ];
    const ours = fflateZip(files, "ours");
    expect(ours.equals(fflateZip(files, "fflate"))).toBe(true);
    const unzipped = unzipSync(new Uint8Array(ours));
    expect(Buffer.from(unzipped["press-kits/a.en.pdf"] as Uint8Array)).toEqual(
      Buffer.concat(files[0]?.[1] ?? []),
    );
    expect(unzipped["press-kits/empty.pdf"]).toHaveLength(0);
  });

  it("#15: reads files ahead of the one zipped: many small, one larger than a read, one empty", async () => {
    const site = join(dir, "site");
    const files = [
      ...Array.from({ length: 20 }, (_, i) => [`press-kits/k${i}.pdf`, randomBytes(1000 + i)]),
      ["press-kits/large.pdf", randomBytes(700_000)],
      ["press-kits/zero.pdf", Buffer.alloc(0)],
      ["brand/logo.svg", Buffer.from(`<svg>${"<g/>".repeat(100_000)}</svg>`)],
    ] as Array<[string, Buffer]>;
    for (const [name, bytes] of files) {
      await mkdir(join(site, name, ".."), { recursive: true });
      await writeFile(join(site, name), bytes);
    }
    const sizes = new Map<string, number>();
    const file = join(dir, "many.zip");
    await writeZip(
      site,
      files.map(([name]) => ({ name, path: name })),
      file,
      sizes,
    );
    const unzipped = unzipSync(new Uint8Array(await readFile(file)));
    for (const [name, bytes] of files) {
      expect(Buffer.from(unzipped[name] as Uint8Array).equals(bytes), name).toBe(true);
      expect(sizes.get(name)).toBe(bytes.length);
    }
  });

  it("#15: a file missing among those read ahead is named, and no ZIP is left", async () => {
    const site = join(dir, "site");
    for (let i = 0; i < 4; i++) await writeFile(join(site, `k${i}.pdf`), randomBytes(100));
    const file = join(dir, "missing.zip");
    const entries = ["k0.pdf", "k1.pdf", "gone.pdf", "k2.pdf", "k3.pdf"].map((name) => ({
      name,
      path: name,
    }));
    await expect(writeZip(site, entries, file)).rejects.toThrow(
      "gone.pdf is not in the site folder",
    );
    await expect(readFile(file)).rejects.toThrow("ENOENT");
  });
});

describe("#12: the company's fact sheet in the ZIP", () => {
  it("#12: gives the boilerplate, the facts and the press contact as text, in the ZIP's language", async () => {
    const loaded = await loadContent(sampleContentDir);
    if (!loaded.ok) throw new Error("the sample does not load");
    const content = loaded.content;
    const documents = content.announcements.map((a) => announcementDocument(content, a));
    const en = companyOf(content, "en");
    const zh = companyOf(content, "zh-CN");
    expect(companyText(en)).toBe(EN_TEXT);
    expect(companyText(zh).split("\n").slice(0, 4)).toEqual([
      "Docker, Inc.",
      "",
      zh.aboutHeading,
      "=".repeat(Math.max(3, [...zh.aboutHeading].length)),
    ]);
    expect(companyText(zh)).toContain(`${zh.words.labelled(zh.words.founded, "2010")}\n`);
    expect(companyText(zh)).toContain(zh.words.totalRaised);
    // In each language's ZIP, first, as the same bytes each build.
    const site = join(dir, "site");
    await cp(join(sampleContentDir, "assets"), join(site, "assets"), { recursive: true });
    for (const d of documents) {
      const file = join(site, d.pdf.path ?? "");
      await mkdir(join(file, ".."), { recursive: true });
      await writeFile(file, `%PDF-1.7 ${d.id}`);
    }
    const companies = new Map(content.site.locales.map((l) => [l, companyOf(content, l)]));
    await writePressKitZips(content, companies, documents, site);
    const first = await readFile(join(site, en.pressKitZip.path ?? ""));
    const names = Object.keys(unzipSync(new Uint8Array(first)));
    expect(names[0]).toBe("about-docker-inc-en.txt");
    expect(new TextDecoder().decode(unzipSync(new Uint8Array(first))[names[0] as string])).toBe(
      EN_TEXT,
    );
    await writePressKitZips(content, companies, documents, site);
    expect((await readFile(join(site, en.pressKitZip.path ?? ""))).equals(first)).toBe(true);
    const zhZip = unzipSync(new Uint8Array(await readFile(join(site, zh.pressKitZip.path ?? ""))));
    expect(new TextDecoder().decode(zhZip["about-docker-inc-zh-CN.txt"])).toBe(companyText(zh));
  });
});

const EN_TEXT = `Docker, Inc.

About Docker, Inc.
==================
Docker, Inc. is the company behind the open-source Docker project. Docker is an open-source engine that lets developers and operations teams package any application as a lightweight, portable, self-sufficient container that runs virtually anywhere. The company's investors include Greylock Partners, Insight Venture Partners, Benchmark, Trinity Ventures and AME Cloud Ventures.

At a glance
===========
Founded: 2010
Founder: Solomon Hykes <http://www.youtube.com/watch?v=3N3n9FzebAA>
Headquarters: San Francisco, California
Industry: Open-source software, container platform
Website: www.docker.com <https://www.docker.com/>
Total raised: $15M (from 1 funding announcement)

Press contact
=============
Docker Press Office
Email: press@example.com
Phone: +1 415 555 0100
`;

describe("a team member's monogram", () => {
  it("#13: Arabic initials stay two letters (a non-joiner between), not the word جو", async () => {
    const { initials } = await import("./press-kit.js");
    expect(initials("جي وون هان")).toBe("ج\u200cو");
    expect(initials("Ben Golub")).toBe("BG");
    expect(initials("김 민수")).toBe("김민");
  });
});
