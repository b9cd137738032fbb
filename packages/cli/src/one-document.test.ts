import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { richContentDir } from "@herald/model/testing";
import { decodeHTML } from "entities";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runHerald } from "./test-support.js";

// Issue 10: one announcement document, every output. The rich content has a local image with
// a caption, a linked local PDF, struck-through text, a right-aligned table column and a quote
// by a person with a role and an organization. It builds, `herald verify` passes, and each
// output, read back as its reader gets it, says the same things in the same words.

const rich = richContentDir;
const exec = promisify(execFile);
let root: string;
let content: string;
let out: string;

const run = (args: string[]) => runHerald(args, root);

const text = (html: string) =>
  decodeHTML(html.replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ").replace(/<[^>]+>/g, " "));
const squeeze = (s: string) => s.replace(/\s+/g, "");

/** Each output of a translation as its reader gets it. */
async function outputs(locale: string) {
  const page = await readFile(join(out, `site/${locale}/news/series-a/index.html`), "utf8");
  const pdf = (
    await exec("pdftotext", [
      "-raw",
      "-enc",
      "UTF-8",
      join(out, `site/${locale}/news/series-a/series-a.${locale}.pdf`),
      "-",
    ])
  ).stdout;
  const emailHtml = await readFile(join(out, `email/series-a.${locale}.html`), "utf8");
  const emailText = await readFile(join(out, `email/series-a.${locale}.txt`), "utf8");
  return {
    raw: { page, emailHtml, emailText },
    read: {
      web: text(page.replace(/<head>[\s\S]*?<\/head>/i, "")),
      pdf,
      "email html": text(emailHtml),
      "email text": emailText,
    },
  };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-document-"));
  content = join(root, "content");
  out = join(root, "out");
  await cp(rich, content, { recursive: true });
  const built = await run(["build", "--content", content, "--out", out]);
  expect(built.stderr).toBe("");
  expect(built.code).toBe(0);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("#10: one announcement document, four outputs", () => {
  it("#10: herald verify passes on the rich content", async () => {
    const verified = await run(["verify", "--content", content, "--out", out]);
    expect(verified.stderr).toBe("");
    expect(verified.stdout).toContain("Every output says what the content says.");
    expect(verified.code).toBe(0);
  });

  it.each([
    [
      "en",
      [
        "Acme Robotics raises €4 million",
        "March 4, 2025",
        "By Pieter van der Berg, Chief Technology Officer, Acme Robotics",
        "€4M",
        "Northwind Capital",
        "Contoso Ventures",
        "Mara Jensen",
        "Partner, Northwind Capital",
        "over 1,200",
        "99.5 percent",
        "— Pieter van der Berg, Chief Technology Officer, Acme Robotics",
        "The assembly line in Eindhoven",
        "Certification under",
        "ISO 10218:2011",
        "ISO 10218:2025 is complete.",
        "Acme Robotics builds robots that work safely beside people.",
        "Certified under ISO 10218, see",
        "Acme Press Office",
      ],
    ],
    [
      "zh-CN",
      [
        "Acme Robotics 完成 400 万欧元融资",
        "2025年3月4日",
        "作者：Pieter van der Berg，Acme Robotics 首席技术官",
        "400 万欧元",
        "北风资本",
        "玛拉·詹森",
        "北风资本合伙人",
        "——Pieter van der Berg，Acme Robotics 首席技术官",
        "埃因霍温的装配线",
        "ISO 10218:2011",
        "Acme Robotics 制造能与人安全协作的机器人。",
        "依据 ISO 10218 认证。",
      ],
    ],
  ])(
    "#10: the %s page, PDF, email HTML and email text say the same words",
    async (locale, words) => {
      const { read } = await outputs(locale);
      for (const [output, said] of Object.entries(read)) {
        const missing = words.filter((w) => !squeeze(said).includes(squeeze(w)));
        expect({ output, missing }).toEqual({ output, missing: [] });
      }
    },
  );

  it("#10: a soft line break is a space in English and nothing in Chinese, in every output", async () => {
    for (const [locale, joined] of [
      ["en", "builds robots that work safely"],
      ["zh-CN", "能与人安全协作"],
    ] as const) {
      const { read } = await outputs(locale);
      for (const [output, said] of Object.entries(read)) {
        // The PDF wraps lines where it must; elsewhere the words read as one line.
        const flat = output === "pdf" ? said.replace(/\n/g, locale === "en" ? " " : "") : said;
        expect({ output, found: flat.replace(/[ \t]+/g, " ").includes(joined) }).toEqual({
          output,
          found: true,
        });
      }
    }
  });

  it("#10: local files and images are linked at their public address in the email and the PDF, relative on the page", async () => {
    const { raw } = await outputs("en");
    const deck = "https://news.acme.example/assets/deck.pdf#page=2";
    const image = "https://news.acme.example/assets/assembly-line.png";
    expect(raw.page).toContain('href="../../../assets/deck.pdf#page=2"');
    expect(raw.page).toContain('src="../../../assets/assembly-line.png"');
    expect(raw.emailHtml).toContain(`href="${deck}"`);
    expect(raw.emailHtml).toContain(`src="${image}"`);
    expect(raw.emailText).toMatch(new RegExp(`^\\[\\d+\\] ${deck.replace(/[.#]/g, "\\$&")}$`, "m"));
    expect(raw.emailText).toMatch(new RegExp(`^\\[\\d+\\] ${image.replace(/\./g, "\\.")}$`, "m"));
    for (const built of [raw.emailHtml, raw.emailText]) expect(built).not.toContain("../assets");
    const annotations = await exec("pdfinfo", [
      "-url",
      join(out, "site/en/news/series-a/series-a.en.pdf"),
    ]);
    expect(annotations.stdout).toContain(` ${deck}\n`);
    expect(annotations.stdout).not.toContain("../assets");
  });

  it("#10: struck text stays marked as struck in the text part", async () => {
    const { raw } = await outputs("en");
    expect(raw.emailText).toContain("~~ISO 10218:2011~~ ISO 10218:2025");
    expect(raw.page).toContain("<del>ISO 10218:2011</del>");
    expect(raw.emailHtml).toContain("<del>ISO 10218:2011</del>");
  });

  it("#10: herald verify names the output and the fact when a caption, a credit or a link goes missing", async () => {
    const copy = join(root, "out-faulty");
    await cp(out, copy, { recursive: true });
    const html = join(copy, "email/series-a.en.html");
    await writeFile(
      html,
      (await readFile(html, "utf8"))
        .replaceAll("The assembly line in Eindhoven", "")
        .replace("ISO 10218:2025 is complete.", "ISO 10218:2025 is pending."),
    );
    const txt = join(copy, "email/series-a.en.txt");
    await writeFile(
      txt,
      (await readFile(txt, "utf8"))
        .replace("https://news.acme.example/assets/deck.pdf#page=2", "../assets/deck.pdf#page=2")
        .replace(
          "— Pieter van der Berg, Chief Technology Officer, Acme Robotics",
          "— Pieter van der Berg",
        ),
    );
    const verified = await run(["verify", "--content", content, "--out", copy]);
    expect(verified.code).toBe(1);
    expect(verified.stderr).toContain(
      'email html · facts · series-a/en: the caption "The assembly line in Eindhoven" is missing',
    );
    expect(verified.stderr).toContain(
      "email text · links · series-a/en: no link to https://news.acme.example/assets/deck.pdf#page=2",
    );
    // One changed word in a sentence whose other words are all still there.
    expect(verified.stderr).toContain(
      'email html · text · series-a/en: the text "Certification under ISO 10218:2011 ISO…" is missing or changed',
    );
    expect(verified.stderr).toContain(
      'email text · quotes · series-a/en: the credit "— Pieter van der Berg, Chief Technology…" is missing',
    );
  });
});

describe("#10: herald verify checks each fact in its place", () => {
  /** A copy of the good build with `edit` applied to one file; verify's report on it. */
  async function verifyEdited(file: string, edit: (text: string) => string) {
    const copy = await mkdtemp(join(root, "edited-"));
    await cp(out, copy, { recursive: true });
    const path = join(copy, file);
    const before = await readFile(path, "utf8");
    const after = edit(before);
    expect(after).not.toBe(before);
    await writeFile(path, after);
    return run(["verify", "--content", content, "--out", copy]);
  }

  it.each([
    [
      "email/series-a.en.txt",
      (t: string) => t.replace("Amount: €4M", "Amount: €5M"),
      'email text · facts · series-a/en: the amount "€4M" is missing',
    ],
    [
      "site/en/news/series-a/index.html",
      (t: string) =>
        t.replace(/(Lead investor<\/dt><dd>[\s\S]*?)Northwind Capital/, "$1Contoso Ventures"),
      'web · facts · series-a/en: the row "Lead investor: Northwind Capital" is not as the content says',
    ],
    [
      "email/series-a.en.html",
      // The figure's unit is one unbreakable run ("over 1,200", no-break spaces).
      (t: string) => t.replace("over\u00a01,200", "1,200"),
      // #13: the file, the place, the expected and the found figure.
      'email html · facts · series-a/en: email/series-a.en.html: key figures: expected "Robots shipped: over 1,200',
    ],
    [
      "site/en/news/series-a/index.html",
      (t: string) => t.replace("<del>ISO 10218:2011</del>", "ISO 10218:2011"),
      'web · text · series-a/en: "ISO 10218:2011" is not struck through',
    ],
    [
      "email/series-a.en.txt",
      (t: string) => t.replace("~~ISO 10218:2011~~", "ISO 10218:2011"),
      'email text · text · series-a/en: "ISO 10218:2011" is not struck through',
    ],
    [
      "email/series-a.en.txt",
      (t: string) => t.replace("for small factories", "for large factories"),
      'email text · text · series-a/en: the text "Acme Robotics builds collaborative…" is missing or changed',
    ],
    [
      "site/zh-CN/news/series-a/index.html",
      (t: string) => t.replaceAll("English: Acme Robotics raises €4 million", "English"),
      'web · translations · series-a/zh-CN: no link to the en translation reads "English: Acme Robotics raises €4 million"',
    ],
  ])("#10: an edit of %s is found", async (file, edit, problem) => {
    const verified = await verifyEdited(file, edit);
    expect(verified.stderr).toContain(problem);
    expect(verified.code).toBe(1);
  });

  it("#10: a built file that is gone is reported, not a crash", async () => {
    const copy = await mkdtemp(join(root, "gone-"));
    await cp(out, copy, { recursive: true });
    await rm(join(copy, "email/series-a.en.txt"));
    const verified = await run(["verify", "--content", content, "--out", copy]);
    expect(verified.stderr).toContain(
      "email text · facts · series-a/en: email/series-a.en.txt is missing; run herald build again",
    );
    expect(verified.stderr).not.toContain("bug in Herald");
    expect(verified.code).toBe(1);
  });

  it("#10: a manifest that is not one is named, with what to do", async () => {
    const copy = await mkdtemp(join(root, "manifest-"));
    await cp(out, copy, { recursive: true });
    await writeFile(join(copy, "manifest.json"), '{"announcements": 3}');
    const verified = await run(["verify", "--content", content, "--out", copy]);
    expect(verified.stderr).toContain(
      `${join(copy, "manifest.json")} is not the manifest of a Herald build (it is damaged or was written by something else).\n  Fix: run herald build again.`,
    );
    expect(verified.stderr).not.toContain("bug in Herald");
    expect(verified.code).toBe(1);
  });
});

describe("#10: content every output shows alike passes herald verify", () => {
  it("#10: addresses in any script and case, ?query links, figures in lists and quotes, Thai", async () => {
    const dir = await mkdtemp(join(root, "odd-"));
    await cp(rich, dir, { recursive: true });
    const file = join(dir, "announcements/series-a.en.md");
    await writeFile(
      file,
      `${await readFile(file, "utf8")}
- ![Arm in a list](../assets/assembly-line.png "Caption in a list")
- Second item

> ![Icon in a quote](../assets/icon.png "Caption in a quote")

See [v2](../assets/deck.pdf?v=2#page=3), [wiki](https://zh.wikipedia.org/wiki/机器人),
[Büch](https://bücher.example/straße), [X](HTTPS://EXAMPLE.COM/Path) and ir@acme.example.

แอคมีสร้างหุ่นยนต์ที่
ทำงาน 🎉
`,
    );
    const built = join(root, "odd-out");
    expect((await run(["build", "--content", dir, "--out", built])).code).toBe(0);
    const verified = await run(["verify", "--content", dir, "--out", built]);
    // The emoji's warning (the press kit prints it as □), and nothing else.
    expect(verified.stderr).toMatch(/series-a\.en\.md:\d+:\d+ warning emoji-in-print/);
    expect(verified.stderr.replace(/^\S+ warning emoji-in-print\n(?: {2}.*\n)*/gm, "").trim()).toBe(
      "",
    );
    expect(verified.code).toBe(0);
    const page = await readFile(join(built, "site/en/news/series-a/index.html"), "utf8");
    expect(page).toContain('href="../../../assets/deck.pdf?v=2#page=3"');
    for (const caption of ["Caption in a list", "Caption in a quote"]) {
      expect(page).toContain(`<figcaption>${caption}</figcaption>`);
      expect(await readFile(join(built, "email/series-a.en.txt"), "utf8")).toContain(caption);
    }
  });
});
