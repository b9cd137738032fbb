import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { outboxFileName, UNSUBSCRIBE_SECRET_ENV } from "@herald/email";
import { manifestSchema, sampleContentDir } from "@herald/model";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { build } from "./commands/build.js";
import { main } from "./main.js";
import { besideOutputs, bin, memoryIo, removeTemp } from "./test-support.js";

const fixtures = fileURLToPath(new URL("../../model/test/fixtures/", import.meta.url));

/** Every file under `dir` with its bytes, for before/after comparisons. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files = await readdir(dir, { recursive: true, withFileTypes: true });
  const entries = await Promise.all(
    files
      .filter((f) => f.isFile())
      .map(async (f) => {
        const path = join(f.parentPath, f.name);
        return [path.slice(dir.length), (await readFile(path)).toString("base64")] as const;
      }),
  );
  return Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)));
}

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), "herald-cli-"));
});
afterEach(() => removeTemp(cwd));

describe("herald check", () => {
  it("accepts the sample content", async () => {
    const io = memoryIo(cwd);
    expect(await main(["check"], io)).toBe(0);
    expect(io.out()).toBe(
      "Content is valid: 1 announcement in 2 files, 30 organizations, 9 people.\n",
    );
    expect(io.err()).toBe("");
  });

  it("prints ten clear diagnostics for ten mistakes and exits 1, without a stack trace", async () => {
    const io = memoryIo(cwd);
    expect(await main(["check", "--content", join(fixtures, "ten-mistakes")], io)).toBe(1);
    const headers = io.err().match(/^\S+:\d+:\d+ error [a-z-]+/gm) ?? [];
    expect(headers).toHaveLength(10);
    expect(io.err()).toContain('Fix: Did you mean "greylock"?');
    expect(io.err()).toMatch(/herald: 10 problems in .*ten-mistakes\. Nothing was built or sent/);
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(io.out()).toBe("");
  });

  it("says so when the content folder does not exist", async () => {
    const io = memoryIo(cwd);
    expect(await main(["check", "--content", "no-such-folder"], io)).toBe(1);
    expect(io.err()).toBe(
      "herald: There is no content folder at no-such-folder.\n  Fix: pass the folder that holds site.yaml with --content, or leave --content out to use the sample content.\n",
    );
  });

  it("resolves --content against the folder the command was typed in", async () => {
    const io = memoryIo(fixtures);
    expect(await main(["check", "--content", "bad-date"], io)).toBe(1);
    expect(io.err()).toMatch(
      /^bad-date\/announcements\/launch\.en\.md:5:7 error bad-date \(date\)$/m,
    );
  });
});

describe("usage", () => {
  it.each([
    [["frobnicate"], '"frobnicate" is not a herald command.'],
    [["check", "--bogus"], "Unknown option '--bogus'"],
    [["build", "--out"], "Option '--out <value>' argument missing"],
    [["check", "stray"], "Unexpected argument 'stray'"],
    [["build", "--paper", "a5"], '--paper must be a4 or letter, not "a5".'],
  ])("%j exits 2 and explains", async (argv, message) => {
    const io = memoryIo(cwd);
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toContain(message);
    expect(io.err()).toContain("Usage: herald <command> [options]");
  });

  it("shows help for a command", async () => {
    const io = memoryIo(cwd);
    expect(await main(["build", "--help"], io)).toBe(0);
    expect(io.out()).toContain("herald build [--content DIR] [--out DIR] [--paper a4|letter]");
  });

  // The help is kept apart from the commands (so it loads no renderer): it names the
  // environment variable the email package reads, written out there.
  it("names the unsubscribe secret's variable as the email package reads it", async () => {
    const io = memoryIo(cwd);
    expect(await main(["unsubscribe-server", "--help"], io)).toBe(0);
    expect(io.out()).toContain(`secret in ${UNSUBSCRIBE_SECRET_ENV},`);
  });

  it("loads no renderer to check content or to explain its usage", async () => {
    // What starting `herald check` loads: the built files reached by static imports from the
    // bin and the check command. Loading the web, PDF and email packages took a second more.
    const dist = dirname(bin);
    const files = await readdir(dist);
    const check = files.find((f) => /^check-.*\.js$/.test(f));
    expect(check).toBeDefined();
    const loaded = new Set<string>();
    const follow = async (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      const code = await readFile(join(dist, file), "utf8");
      for (const [, spec = ""] of code.matchAll(/^import\s(?:[^"']*?\sfrom\s)?["']([^"']+)["']/gm))
        if (spec.startsWith("./")) await follow(spec.slice(2));
        else loaded.add(spec);
    };
    await follow("bin.js");
    await follow(check as string);
    expect(loaded).toContain("@herald/model");
    for (const heavy of ["@herald/web", "@herald/pdf", "@herald/email"])
      expect(loaded).not.toContain(heavy);
  });
});

describe("herald build", () => {
  it("writes a manifest with the absolute URL of every translation", async () => {
    const io = memoryIo(cwd);
    expect(await main(["build"], io)).toBe(0);
    const manifest = manifestSchema.parse(
      JSON.parse(await readFile(join(cwd, "out/manifest.json"), "utf8")),
    );
    expect(manifest.announcements).toEqual([
      {
        id: "docker-series-b",
        locale: "zh-CN",
        title: "Docker 获得 B 轮 1500 万美元融资",
        url: "https://newsroom.example.com/zh-CN/news/docker-series-b/",
        page: "site/zh-CN/news/docker-series-b/index.html",
        pdf: "site/zh-CN/news/docker-series-b/docker-series-b.zh-CN.pdf",
        email: {
          html: "email/docker-series-b.zh-CN.html",
          text: "email/docker-series-b.zh-CN.txt",
          eml: "email/docker-series-b.zh-CN.eml",
        },
      },
      {
        id: "docker-series-b",
        locale: "en",
        title: "Docker raises $15 million in Series B funding",
        url: "https://newsroom.example.com/en/news/docker-series-b/",
        page: "site/en/news/docker-series-b/index.html",
        pdf: "site/en/news/docker-series-b/docker-series-b.en.pdf",
        email: {
          html: "email/docker-series-b.en.html",
          text: "email/docker-series-b.en.txt",
          eml: "email/docker-series-b.en.eml",
        },
      },
    ]);
    expect(io.out()).toBe(
      "Built 2 translations of 1 announcement into out/ (see out/manifest.json).\n",
    );
    for (const entry of manifest.announcements) {
      const page = await readFile(join(cwd, "out", entry.page ?? "missing"), "utf8");
      expect(page).toContain(`<link rel="canonical" href="${entry.url}">`);
      // The page links to its press kit, which sits beside it.
      const pdf = await readFile(join(cwd, "out", entry.pdf ?? "missing"));
      expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
      expect(page).toContain(`href="${entry.pdf?.split("/").pop()}" type="application/pdf"`);
    }
  });

  it("builds byte-identical output from the same content", async () => {
    await main(["build", "--out", "a"], memoryIo(cwd));
    await main(["build", "--out", "b"], memoryIo(cwd));
    expect(await snapshot(join(cwd, "b"))).toEqual(await snapshot(join(cwd, "a")));
  });

  it("#13: builds the press kits before the website, which puts each language's PDFs in its ZIP", async () => {
    expect(await main(["build"], memoryIo(cwd))).toBe(0);
    const run = promisify(execFile);
    for (const locale of ["zh-CN", "en"]) {
      const zip = join(cwd, "out/site", locale, "press-kit", `docker-inc-press-kit-${locale}.zip`);
      const listed = (await run("unzip", ["-Z1", zip])).stdout.trim().split("\n");
      const pdf = `press-kits/docker-series-b.${locale}.pdf`;
      expect(listed).toEqual([`about-docker-inc-${locale}.txt`, "brand/logo.svg", pdf]);
      // The real press kit, byte for byte, not a placeholder.
      const inZip = (await run("unzip", ["-p", zip, pdf], { encoding: "buffer" })).stdout;
      const built = await readFile(
        join(cwd, "out/site", locale, "news/docker-series-b", `docker-series-b.${locale}.pdf`),
      );
      expect(inZip.length).toBeGreaterThan(10_000);
      expect(Buffer.compare(inZip, built)).toBe(0);
      // And the page gives the ZIP's size.
      const page = await readFile(join(cwd, "out/site", locale, "press-kit/index.html"), "utf8");
      expect(page).toContain(`docker-inc-press-kit-${locale}.zip`);
      expect(page).toMatch(/ZIP(, |，)\d/);
    }
  });

  it("leaves the previous output untouched when the content is wrong", async () => {
    await main(["build"], memoryIo(cwd));
    const before = await snapshot(join(cwd, "out"));
    const io = memoryIo(cwd);
    expect(await main(["build", "--content", join(fixtures, "bad-date")], io)).toBe(1);
    expect(await snapshot(join(cwd, "out"))).toEqual(before);
    expect(besideOutputs(await readdir(cwd))).toEqual(["out"]);
  });

  it("leaves the previous output untouched when a renderer fails halfway", async () => {
    await main(["build"], memoryIo(cwd));
    const before = await snapshot(join(cwd, "out"));
    const failing = {
      name: "broken",
      async render(_: unknown, dir: string) {
        await writeFile(join(dir, "half-written.html"), "<p>");
        throw new Error("disk full");
      },
    };
    await expect(build(memoryIo(cwd), {}, [failing])).rejects.toThrow("disk full");
    expect(await snapshot(join(cwd, "out"))).toEqual(before);
    expect(besideOutputs(await readdir(cwd))).toEqual(["out"]);
  });

  it("refuses to replace a folder that is not a Herald output", async () => {
    await mkdir(join(cwd, "Documents"));
    await writeFile(join(cwd, "Documents/thesis.txt"), "precious");
    const io = memoryIo(cwd);
    expect(await main(["build", "--out", "Documents"], io)).toBe(1);
    expect(io.err()).toContain("is not a folder Herald built (it has no .herald-build)");
    expect(await readFile(join(cwd, "Documents/thesis.txt"), "utf8")).toBe("precious");
  });
});

describe("herald send", () => {
  const recipients = join(sampleContentDir, "recipients.sample.csv");

  beforeEach(async () => {
    await main(["build"], memoryIo(cwd));
  });

  it("writes one .eml per recipient to the outbox without SMTP, then sends nobody twice", async () => {
    const io = memoryIo(cwd);
    expect(
      await main(["send", "--announcement", "docker-series-b", "--recipients", recipients], io),
    ).toBe(0);
    expect(io.out()).toContain("Sent: 7 messages; failed: 0; skipped: 0; suppressed: 0.");
    expect((await readdir(join(cwd, "out-outbox/docker-series-b"))).length).toBe(7);
    expect(io.err()).toContain(
      "1 recipient asked for pt-BR, which has no translation; it gets zh-CN (line 7).",
    );
    const again = memoryIo(cwd);
    expect(
      await main(["send", "--announcement", "docker-series-b", "--recipients", recipients], again),
    ).toBe(0);
    expect(again.out()).toContain(
      "Sent: 0 messages; failed: 0; skipped: 0; suppressed: 0; already sent by an earlier run: 7.",
    );
  });

  it("attaches the built press kit of each recipient's translation on --attach-pdf", async () => {
    const io = memoryIo(cwd);
    const args = ["send", "--announcement", "docker-series-b", "--recipients", recipients];
    expect(await main([...args, "--attach-pdf"], io)).toBe(0);
    const eml = await readFile(
      join(cwd, "out-outbox/docker-series-b", outboxFileName("alice.chen@example.com")),
      "utf8",
    );
    const built = await readFile(
      join(cwd, "out/site/en/news/docker-series-b/docker-series-b.en.pdf"),
    );
    expect(eml).toMatch(/Content-Type: application\/pdf; name=docker-series-b\.en\.pdf/);
    expect(eml.replace(/\r?\n/g, "")).toContain(built.toString("base64").slice(0, 200));
  });

  it("checks everything and sends nothing on --dry-run", async () => {
    const io = memoryIo(cwd);
    expect(
      await main(
        ["send", "--announcement", "docker-series-b", "--recipients", recipients, "--dry-run"],
        io,
      ),
    ).toBe(0);
    expect(io.out()).toContain("Checked (dry run, nothing sent): 7 messages");
    expect(existsSync(join(cwd, "out-outbox"))).toBe(false);
  });

  it("explains a missing announcement, recipients file or option", async () => {
    const io = memoryIo(cwd);
    expect(await main(["send", "--announcement", "nope", "--recipients", recipients], io)).toBe(1);
    expect(io.err()).toContain(
      'There is no announcement with the id "nope".\n  Fix: use one of docker-series-b.',
    );
    const missing = memoryIo(cwd);
    expect(await main(["send", "--recipients", recipients], missing)).toBe(2);
    expect(missing.err()).toContain("--announcement ID is required.");
  });

  it("never prints SMTP credentials", async () => {
    const io = memoryIo(cwd);
    const code = await main(
      [
        "send",
        "--announcement",
        "docker-series-b",
        "--recipients",
        recipients,
        "--smtp",
        "smtp://user:s3cret@127.0.0.1:1",
      ],
      { ...io, env: { HERALD_RETRY_DELAY_MS: "1" } },
    );
    expect(code).toBe(1);
    expect(io.out() + io.err()).not.toContain("s3cret");
    expect(io.out()).toContain("via 127.0.0.1:1.");
  });
});

describe("herald verify", () => {
  it("passes on the sample build and prints the table", async () => {
    await main(["build"], memoryIo(cwd));
    const io = memoryIo(cwd);
    expect(await main(["verify"], io)).toBe(0);
    expect(io.out()).toContain(
      "                facts  text  quotes  footnotes  links  translations",
    );
    expect(io.out()).toContain("web             ok     ok    ok      ok         ok     ok");
    expect(io.out()).toContain("pdf             ok     ok    ok      ok         ok     ok");
    // The site's own pages (#13): no text, quotes, footnotes or translations of their own.
    expect(io.out()).toContain("press-kit page  ok     -     -       -          ok     -");
    expect(io.out()).toContain("Every output says what the content says.");
  });

  it("names the output and the fact a renderer dropped or changed", async () => {
    await main(["build"], memoryIo(cwd));
    // Faults injected into the built files, the way a broken renderer would leave them.
    const text = join(cwd, "out/email/docker-series-b.en.txt");
    await writeFile(
      text,
      (await readFile(text, "utf8")).replace(/Docker is the best expression yet[^\n]*/g, ""),
    );
    const page = join(cwd, "out/site/zh-CN/news/docker-series-b/index.html");
    await writeFile(
      page,
      (await readFile(page, "utf8"))
        .replaceAll("1500 万美元", "1600 万美元")
        .replace('href="../../"', 'href="../../missing/"')
        .replaceAll('hreflang="en" lang="en">', 'hreflang="xx" lang="en">'),
    );
    const io = memoryIo(cwd);
    expect(await main(["verify"], io)).toBe(1);
    expect(io.err()).toContain(
      'email text · quotes · docker-series-b/en: the quote "“Docker is the best expression yet of…" is missing',
    );
    expect(io.err()).toContain(
      'web · facts · docker-series-b/zh-CN: the amount "1500 万美元" is missing',
    );
    expect(io.err()).toContain(
      "web · links · docker-series-b/zh-CN: ../../missing/ does not exist in the site",
    );
    expect(io.out()).toMatch(/disagreements between the outputs and the content/);

    const send = memoryIo(cwd);
    const recipients = join(sampleContentDir, "recipients.sample.csv");
    expect(
      await main(["send", "--announcement", "docker-series-b", "--recipients", recipients], send),
    ).toBe(1);
    expect(send.err()).toContain("disagree with the content, so nothing was sent");
    expect(existsSync(join(cwd, "out-outbox"))).toBe(false);
  });
});

describe("the herald executable", () => {
  it("exits with the command's code and keeps stack traces for --debug", async () => {
    expect(existsSync(bin)).toBe(true);
    const run = promisify(execFile);
    const ok = await run(process.execPath, [bin, "check", "--content", sampleContentDir]);
    expect(ok.stdout).toContain("Content is valid");
    const failed = await run(process.execPath, [
      bin,
      "check",
      "--content",
      join(fixtures, "bad-url"),
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain("error bad-url (item 1 › url)");
    expect((failed as { stderr: string }).stderr).not.toMatch(/\n\s+at /);
    const debug = await run(process.execPath, [
      bin,
      "check",
      "--debug",
      "--content",
      join(fixtures, "bad-url"),
    ]).catch((error: { code: number; stderr: string }) => error);
    expect((debug as { stderr: string }).stderr).toMatch(/HeraldError: 1 problem in .*\n\s+at /);
  });
});
