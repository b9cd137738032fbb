import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sampleContentDir } from "@herald/model";
import { afterAll, beforeAll, expect, it } from "vitest";
import { runHerald } from "./test-support.js";

// Issue 13: herald verify checks the site's own pages too: the total raised and the company
// facts on the press-kit page (every language) and its ZIP, each newsroom entry's date and
// headline figure (list pages and year archive), each social image and the tags that point at
// it, and that a stat tile's note stays with its figure. The sample content is built once; a
// copy of the build is broken in one place per check (files of different checks, so one
// verify run tells them all), and each break must be told with its file, place, expected
// and found fact.

let root: string;
let content: string;
let out: string;
let clean: { code: number; stdout: string; stderr: string };
let broken: { code: number; stdout: string; stderr: string };

async function edit(file: string, from: string | RegExp, to: string) {
  const before = await readFile(file, "utf8");
  const after = before.replace(from, to);
  if (after === before) throw new Error(`${file} has no ${from}`);
  await writeFile(file, after);
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-verify-site-"));
  content = join(root, "content");
  out = join(root, "out");
  await cp(sampleContentDir, content, { recursive: true });
  const build = await runHerald(["build", "--content", content, "--out", out], root);
  if (build.code !== 0) throw new Error(`the build failed: ${build.stderr}`);
  clean = await runHerald(["verify", "--content", content, "--out", out], root);

  const copy = join(root, "broken");
  await cp(out, copy, { recursive: true });
  const site = join(copy, "site");
  // The total raised, in both languages, and a company fact.
  await edit(
    join(site, "en/press-kit/index.html"),
    '<span class="amount">$15M',
    '<span class="amount">$12M',
  );
  // In Chinese an amount added after the true one: the total must say no more than it is.
  await edit(
    join(site, "zh-CN/press-kit/index.html"),
    '<span class="amount">1500 万美元</span>',
    '<span class="amount">1500 万美元</span>和 <span class="amount">9 亿美元</span>',
  );
  await edit(
    join(site, "en/press-kit/index.html"),
    "<dd>San Francisco, California</dd>",
    "<dd>Oakland, California</dd>",
  );
  // The English ZIP swapped for the Chinese one: the English press kit is not in it.
  await cp(
    join(site, "zh-CN/press-kit/docker-inc-press-kit-zh-CN.zip"),
    join(site, "en/press-kit/docker-inc-press-kit-en.zip"),
  );
  // A newsroom entry's headline figure (first list page) and date (year archive).
  await edit(join(site, "en/index.html"), "<dd>$15M</dd>", "<dd>$12M</dd>");
  await edit(
    join(site, "zh-CN/2014/index.html"),
    /(<time datetime="2014-01-22">)[^<]*/,
    "$1 2014年1月23日",
  );
  // Social images: the Chinese card in the English one's place (a whole PNG of the right
  // size, drawn for other words), one of the wrong size; a tag with the wrong width.
  await cp(
    join(site, "zh-CN/news/docker-series-b/social.png"),
    join(site, "en/news/docker-series-b/social.png"),
  );
  await cp(join(site, "icon.png"), join(site, "zh-CN/news/docker-series-b/social.png"));
  await edit(
    join(site, "en/news/docker-series-b/index.html"),
    '<meta property="og:image:width" content="1200">',
    '<meta property="og:image:width" content="1201">',
  );
  // The site's card (og:image of the newsroom and press-kit pages) cut short.
  const card = join(site, "zh-CN/social.png");
  await writeFile(card, (await readFile(card)).subarray(0, 2000));
  // A stat tile's note moved to the next tile.
  await edit(
    join(site, "zh-CN/news/docker-series-b/index.html"),
    /(<dd class="stat-note">[^<]*<\/dd>)(\s*<\/div>\s*<div class="stat[^"]*">\s*<dt>[^<]*<\/dt>\s*<dd class="stat-value[^"]*">(?:[^<]|<\/?span[^>]*>)*<\/dd>)/,
    "$2$1",
  );
  broken = await runHerald(["verify", "--content", content, "--out", copy], root);
}, 240_000);
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

it("#13: herald verify passes the clean build, with the site's pages in its table", () => {
  expect(clean.stdout).toMatch(/^newsroom +ok +- +- +- +ok/m);
  expect(clean.stdout).toMatch(/^social image +ok +- +- +- +ok/m);
  expect(clean.stdout).toMatch(/^press-kit page +ok +- +- +- +ok/m);
  expect(clean.stdout + clean.stderr).toContain("Every output says what the content says.");
  expect(clean.code).toBe(0);
});

it("#13: a changed total raised, or one with an amount added, is told in each language, with the file, the expected and the found amount", () => {
  expect(broken.code).toBe(1);
  expect(broken.stderr).toContain(
    'press-kit page · facts · en: site/en/press-kit/index.html: Total raised: expected "$15M", found "$12M',
  );
  expect(broken.stderr).toMatch(
    /press-kit page · facts · zh-CN: site\/zh-CN\/press-kit\/index\.html: .+: expected "1500 万美元", found "1500 万美元 ?和 9 亿美元"/,
  );
});

it("#13: a changed company fact on the press-kit page is told", () => {
  expect(broken.stderr).toContain(
    'press-kit page · facts · en: site/en/press-kit/index.html: Headquarters: expected "San Francisco, California", found "Oakland, California',
  );
});

it("#13: a press-kit ZIP without the language's press kit is told, naming what it holds instead", () => {
  expect(broken.stderr).toMatch(
    /press-kit page · links · en: site\/en\/press-kit\/docker-inc-press-kit-en\.zip: expected the press kit of "Docker raises \$15 million in Series B…" \(site\/en\/news\/docker-series-b\/docker-series-b\.en\.pdf, \d+ bytes\) in press-kits\/, found .*press-kits\/docker-series-b\.zh-CN\.pdf/,
  );
});

it("#13: a newsroom entry's changed headline figure or date is told, on list page and year archive", () => {
  expect(broken.stderr).toContain(
    'newsroom · facts · docker-series-b/en: site/en/index.html: the entry of "Docker raises $15 million in Series B…": headline figure: expected "Amount: $15M", found "Amount: $12M"',
  );
  expect(broken.stderr).toMatch(
    /newsroom · facts · docker-series-b\/zh-CN: site\/zh-CN\/2014\/index\.html: the entry of ".+": date: expected 2014-01-22 "2014年1月22日", found 2014-01-22 "2014年1月23日"/,
  );
});

it("#13: another language's social image, one of the wrong size and a wrong og:image tag are told", () => {
  expect(broken.stderr).toContain(
    "social image · facts · docker-series-b/en: site/en/news/docker-series-b/social.png: drawn for other words than this announcement's",
  );
  expect(broken.stderr).toContain(
    "social image · facts · docker-series-b/zh-CN: site/zh-CN/news/docker-series-b/social.png: size: expected 1200×630, found 192×192",
  );
  expect(broken.stderr).toContain(
    'social image · links · docker-series-b/en: site/en/news/docker-series-b/index.html: <meta og:image:width>: expected "1200", found "1201"',
  );
});

it("#13: the site's card of a language, cut short, is told once", () => {
  expect(broken.stderr).toContain("social image · facts · zh-CN: site/zh-CN/social.png is cut off");
});

it("#13: a stat tile's note moved to another tile is told", () => {
  expect(broken.stderr).toMatch(
    /web · facts · docker-series-b\/zh-CN: site\/zh-CN\/news\/docker-series-b\/index\.html: key figures: expected ".+", found ".+"/,
  );
  // Nothing else was broken: the other outputs of the key figures still agree.
  expect(broken.stderr).not.toMatch(/(pdf|email html|email text) · facts/);
});
