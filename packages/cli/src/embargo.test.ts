import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { gunzipSync } from "node:zlib";
import { manifestSchema, sampleContentDir } from "@herald/model";
import { testPng } from "@herald/model/testing";
import { simpleParser } from "mailparser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSmtpServer, type TestServer } from "../../email/test/smtp.js";
import { expectNoStack, startHerald } from "./test-support.js";
import { readZip } from "./verify-files.js";

// Issue 14 end to end, with the built CLI as a user runs it: an announcement under embargo far
// in the future leaves no trace in the site, is made into OUT/embargoed with the notice in its
// language, is refused by send without --under-embargo and delivered with it; a build after
// the embargo publishes it without a notice. Updates show in every output.

const pdftotext = promisify(execFile);
const EMBARGO = { en: "2099-12-01T09:00:00+01:00", "zh-CN": "2099-12-01T16:00:00+08:00" };
const AFTER = "2099-12-01T08:00:00Z";
const ID = "docker-series-b";
const TITLES = [
  "Docker raises $15 million in Series B funding",
  "Docker 获得 B 轮 1500 万美元融资",
];

let root: string;
let content: string;
let out: string;
let smtp: TestServer;
const herald = (args: string[], env: Record<string, string> = {}) =>
  startHerald(args, { cwd: root, env }).done;

/** Every file under `dir`, relative. */
const filesUnder = async (dir: string) =>
  (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((f) => f.isFile())
    .map((f) => join(f.parentPath, f.name).slice(dir.length + 1))
    .sort();

/** What a file says to anyone who reads it: text, gunzipped search index, a ZIP's names. */
async function readable(file: string): Promise<string> {
  const bytes = await readFile(file);
  if (file.endsWith(".zip")) {
    const entries = readZip(bytes);
    if ("problem" in entries) throw new Error(`${file} ${entries.problem}`);
    return entries.map((e) => e.name).join("\n");
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes).toString("utf8");
  return bytes.toString("utf8");
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-embargo-"));
  content = join(root, "content");
  out = join(root, "out");
  await cp(sampleContentDir, content, { recursive: true });
  // A published announcement beside it, so the site has a newsroom, feeds, search and a ZIP.
  for (const locale of ["en", "zh-CN"] as const) {
    const file = join(content, `announcements/${ID}.${locale}.md`);
    const text = await readFile(file, "utf8");
    await writeFile(
      join(content, `announcements/earlier.${locale}.md`),
      text
        .replace(`id: ${ID}`, "id: earlier")
        .replace(/^title: (.*)$/m, "title: An earlier round")
        .replace(/^date: .*$/m, "date: 2013-06-01"),
    );
    // A chart only this announcement shows: published with it, not before.
    const chart = locale === "en" ? "\n![Secret chart](../assets/secret-chart.png)\n" : "";
    await writeFile(
      file,
      `${text.replace(/^date: .*$/m, (date) => `${date}\nembargo: ${EMBARGO[locale]}`)}${chart}`,
    );
  }
  await writeFile(join(content, "assets/secret-chart.png"), testPng(8, 6));
  smtp = await startSmtpServer();
}, 60_000);
afterAll(async () => {
  await smtp?.close();
  await rm(root, { recursive: true, force: true });
});

describe("#14: an announcement under embargo", () => {
  it("#14: herald check says when it lifts", async () => {
    const r = await herald(["check", "--content", content, "--now", "2099-11-28T08:00:00Z"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(
      `Under embargo: ${ID} lifts in 3 days, at 2099-12-01 08:00 UTC (${EMBARGO["zh-CN"]} as written).`,
    );
  });

  it("#14: a build leaves no trace of it in the site and makes it into OUT/embargoed", async () => {
    const r = await herald(["build", "--content", content, "--out", out]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`Under embargo until 2099-12-01T08:00:00Z: ${ID}, not published`);
    const site = join(out, "site");
    const files = await filesUnder(site);
    expect(files.some((f) => f.endsWith(".zip"))).toBe(true);
    expect(files.some((f) => f.includes("pagefind"))).toBe(true);
    expect(files.some((f) => f.includes("earlier"))).toBe(true);
    expect(files).not.toContain("assets/secret-chart.png");
    expect(existsSync(join(out, "embargoed/site/assets/secret-chart.png"))).toBe(true);
    for (const file of files) {
      expect(file).not.toContain(ID);
      const text = await readable(join(site, file));
      for (const needle of [ID, ...TITLES])
        expect(text, `${file}: ${needle}`).not.toContain(needle);
    }
    // The manifest lists it, with its embargo and its files under embargoed/.
    const manifest = manifestSchema.parse(
      JSON.parse(await readFile(join(out, "manifest.json"), "utf8")),
    );
    const entries = manifest.announcements.filter((e) => e.id === ID);
    expect(entries.map((e) => e.locale).sort()).toEqual(["en", "zh-CN"]);
    for (const e of entries) {
      expect(e.embargo).toBe("2099-12-01T08:00:00Z");
      for (const file of [e.page, e.pdf, e.email?.html, e.email?.text, e.email?.eml]) {
        expect(file).toMatch(/^embargoed\//);
        expect(existsSync(join(out, file as string)), file).toBe(true);
      }
      const page = await readFile(join(out, e.page as string), "utf8");
      expect(page).toContain('<meta name="robots" content="noindex">');
    }
    const en = entries.find((e) => e.locale === "en");
    const zh = entries.find((e) => e.locale === "zh-CN");
    // The notice in each language, with its date and time in the content's offset.
    const { stdout: enPdf } = await pdftotext("pdftotext", [join(out, en?.pdf as string), "-"]);
    expect(enPdf.replace(/\s+/g, " ")).toContain(
      "Embargoed until December 1, 2099 at 9:00 AM GMT+1 (8:00 AM UTC)",
    );
    const { stdout: zhPdf } = await pdftotext("pdftotext", [join(out, zh?.pdf as string), "-"]);
    expect(zhPdf.replace(/\s+/g, "")).toContain("禁发至2099年12月1日GMT+816:00（UTC08:00）");
    const enText = await readFile(join(out, en?.email?.text as string), "utf8");
    expect(enText).toContain("Embargoed until December 1, 2099 at 9:00\u202fAM GMT+1");
    const zhText = await readFile(join(out, zh?.email?.text as string), "utf8");
    expect(zhText).toContain("禁发至 2099年12月1日 GMT+8 16:00（UTC 08:00）");
    const zhEml = await simpleParser(await readFile(join(out, zh?.email?.eml as string)));
    expect(zhEml.subject).toMatch(/^【禁发至 2099年12月1日 GMT\+8 16:00（UTC 08:00）】/);
    expect(zhEml.attachments.map((a) => a.contentType)).toEqual(["application/pdf"]);
    const eml = await simpleParser(await readFile(join(out, en?.email?.eml as string)));
    expect(eml.subject).toMatch(
      /^Embargoed until December 1, 2099 at 9:00\u202fAM GMT\+1 \(8:00\u202fAM UTC\): /,
    );
  });

  it("#14: herald verify checks it where it is, and that the site says nothing of it", async () => {
    const r = await herald(["verify", "--content", content, "--out", out]);
    expect(r.code, `${r.out}\n${r.err}`).toBe(0);
  });

  it("#14: herald verify names a file of it put into the site by hand", async () => {
    const planted = join(out, "site/assets/secret-chart.png");
    await cp(join(content, "assets/secret-chart.png"), planted);
    try {
      const r = await herald(["verify", "--content", content, "--out", out]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        "site/assets/secret-chart.png is published, though only an announcement under embargo shows it",
      );
    } finally {
      await rm(planted);
    }
    // And a link to the site from its email, where nothing of it is yet.
    const email = join(out, `embargoed/email/${ID}.en.html`);
    const html = await readFile(email, "utf8");
    const page = `https://newsroom.example.com/en/news/${ID}/`;
    await writeFile(email, html.replace("</body>", `<a href="${page}">read</a></body>`));
    try {
      const r = await herald(["verify", "--content", content, "--out", out]);
      expect(r.code).toBe(1);
      expect(r.err).toContain(
        `${page} is on the site, which has nothing of it before the embargo lifts`,
      );
    } finally {
      await writeFile(email, html);
    }
  });

  it("#14: send refuses it without --under-embargo, and sends the embargoed email with it", async () => {
    const list = join(root, "journalists.csv");
    await writeFile(list, "email,name,locale\nreporter@example.com,Ada Reporter,en\n");
    const args = ["send", "--content", content, "--out", out, "--announcement", ID];
    const journal = ["--journal", join(root, "send.journal"), "--smtp", smtp.url];
    const refused = await herald([...args, "--recipients", list, ...journal]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`"${ID}" is under embargo: it lifts in`);
    expect(refused.err).toContain("2099-12-01 08:00 UTC");
    expect(refused.err).toContain("--under-embargo");
    expectNoStack(refused.err);
    expect(smtp.received).toEqual([]);

    const sent = await herald([...args, "--recipients", list, ...journal, "--under-embargo"]);
    expect(sent.code, sent.err).toBe(0);
    expect(smtp.received).toHaveLength(1);
    const mail = await simpleParser(smtp.received[0]?.raw as Buffer);
    expect(mail.subject).toMatch(/^Embargoed until December 1, 2099 at 9:00\u202fAM GMT\+1/);
    expect(mail.attachments.map((a) => a.contentType)).toContain("application/pdf");
    // No address of the public site: nothing is there yet.
    const html = String(mail.html);
    expect(html).toContain("Embargoed until");
    expect(html).not.toMatch(/href="https:\/\/www\.docker\.com\/newsroom\//);
  });

  it("#14: --under-embargo for news that is not under embargo is a usage error", async () => {
    const list = join(root, "investors.csv");
    await writeFile(list, "email,name,locale\ninvestor@example.com,Ian Vestor,en\n");
    const r = await herald([
      "send",
      "--content",
      content,
      "--out",
      out,
      "--announcement",
      "earlier",
      "--recipients",
      list,
      "--under-embargo",
      "--dry-run",
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--under-embargo: "earlier" is not under embargo');
  });

  it("#14: a build after the embargo publishes it like any other, without a notice", async () => {
    const later = join(root, "later");
    const r = await herald(["build", "--content", content, "--out", later, "--now", AFTER]);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(join(later, "embargoed"))).toBe(false);
    const manifest = manifestSchema.parse(
      JSON.parse(await readFile(join(later, "manifest.json"), "utf8")),
    );
    const en = manifest.announcements.find((e) => e.id === ID && e.locale === "en");
    expect(en?.embargo).toBeUndefined();
    expect(en?.page).toBe(`site/en/news/${ID}/index.html`);
    const page = await readFile(join(later, en?.page as string), "utf8");
    expect(page).not.toContain("noindex");
    expect(page).not.toContain("Embargoed");
    const { stdout } = await pdftotext("pdftotext", [join(later, en?.pdf as string), "-"]);
    expect(stdout).not.toContain("Embargoed");
    const index = await readFile(join(later, "site/en/index.html"), "utf8");
    expect(index).toContain(`href="news/${ID}/"`);
  });

  it("#14: a build warns of a published link to it, which leads nowhere and gives it away", async () => {
    const linked = join(root, "linked");
    await cp(content, linked, { recursive: true });
    const file = join(linked, "announcements/earlier.en.md");
    const page = `https://newsroom.example.com/en/news/${ID}/`;
    await writeFile(file, `${await readFile(file, "utf8")}\nSee [what comes next](${page}).\n`);
    const r = await herald(["build", "--content", linked, "--out", join(root, "linked-out")]);
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(
      `warning: announcements/earlier.en.md links to ${page}, which is under embargo until 2099-12-01T08:00:00Z`,
    );
  });

  it("#14: --now must be a moment with its offset", async () => {
    const r = await herald([
      "build",
      "--content",
      content,
      "--out",
      join(root, "x"),
      "--now",
      "2099-12-01 09:00",
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--now must be a date and time with its offset from UTC");
  });
});

describe("#14: updates", () => {
  it("#14: corrections and updates show in every output, newest first, and verify agrees", async () => {
    const dir = join(root, "updated");
    const built = join(root, "updated-out");
    await cp(sampleContentDir, dir, { recursive: true });
    const file = join(dir, `announcements/${ID}.en.md`);
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace(/^date: .*$/m, (date) =>
        [
          date,
          "updates:",
          "  - date: 2014-01-23T10:00:00-08:00",
          "    kind: correction",
          "    text: An earlier version gave the round as ~~$50 million~~. It is **$15 million**.",
          "  - date: 2014-02-03T09:30:00-08:00",
          "    text: Docker 0.8 is out; see [the release notes](https://www.docker.com/blog/).",
        ].join("\n"),
      ),
    );
    const r = await herald(["build", "--content", dir, "--out", built]);
    expect(r.code, r.err).toBe(0);
    const page = await readFile(join(built, `site/en/news/${ID}/index.html`), "utf8");
    const flat = (s: string) => s.replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
    const shown = flat(page);
    const update = shown.indexOf("Update, February 3, 2014");
    const correction = shown.indexOf("Correction, January 23, 2014");
    expect(update).toBeGreaterThan(-1);
    expect(correction).toBeGreaterThan(update);
    expect(shown).toContain("Docker 0.8 is out; see the release notes.");
    expect(page).toContain("<del>$50 million</del>");
    expect(page).toContain('"dateModified":"2014-02-03T09:30:00-08:00"');
    const feed = await readFile(join(built, "site/en/feed.xml"), "utf8");
    expect(feed).toMatch(/<updated>2014-02-03T(09:30:00-08:00|17:30:00Z)<\/updated>/);
    const { stdout: pdf } = await pdftotext("pdftotext", [
      join(built, `site/en/news/${ID}/${ID}.en.pdf`),
      "-",
    ]);
    const pdfText = pdf.replace(/\s+/g, " ");
    expect(pdfText).toContain("Correction, January 23, 2014");
    expect(pdfText).toContain("Docker 0.8 is out; see the release notes");
    const mail = await readFile(join(built, `email/${ID}.en.txt`), "utf8");
    expect(mail.replace(/\s+/g, " ")).toContain("Update, February 3, 2014");
    expect(mail).toContain("~~$50 million~~");
    const html = await readFile(join(built, `email/${ID}.en.html`), "utf8");
    expect(flat(html)).toContain("Correction, January 23, 2014");
    // The Chinese translation has no updates of its own: none shown.
    const zh = await readFile(join(built, `site/zh-CN/news/${ID}/index.html`), "utf8");
    expect(zh).not.toContain("更正");
    const verified = await herald(["verify", "--content", dir, "--out", built]);
    expect(verified.code, `${verified.out}\n${verified.err}`).toBe(0);
  });
});
