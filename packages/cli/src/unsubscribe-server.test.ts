import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { existsSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { createRequire } from "node:module";
import { connect, createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fillUnsubscribeUrl, unsubscribeToken } from "@herald/email";
import { sampleContentDir } from "@herald/model";
import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@herald/model/testing";
import { chromium, type Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectNoStack, type Run, removeTemp, startHerald } from "./test-support.js";

// `herald unsubscribe-server` as an operator runs it: the built CLI in its own process, real
// HTTP requests, the real suppression list on disk, and Chromium pressing the button
// (issue 12).

const SECRET = "correct horse battery staple 12";
const TEMPLATE =
  "https://newsroom.example.com/unsubscribe?email={email}&token={token}&lang={locale}";
const ONE_CLICK = "List-Unsubscribe=One-Click";
const FORM = { "content-type": "application/x-www-form-urlencoded" };

let root: string;
const running = new Set<ChildProcess>();

/** A copy of the sample content whose unsubscribe URL is `url`, with Arabic as a third locale. */
async function contentWith(url: string | undefined, name = "content"): Promise<string> {
  const dir = join(root, name);
  await cp(sampleContentDir, dir, { recursive: true });
  const site = join(dir, "site.yaml");
  let text = (await readFile(site, "utf8")).replace(
    "locales: [zh-CN, en]",
    "locales: [zh-CN, en, ar]",
  );
  text = text.replace(
    "    url: https://newsroom.example.com/unsubscribe?address={email}\n",
    url === undefined ? "" : `    url: ${url}\n`,
  );
  await writeFile(site, text);
  return dir;
}

interface Serving {
  child: ChildProcess;
  done: Promise<Run>;
  /** http://127.0.0.1:PORT */
  origin: string;
  /** What it printed so far. */
  out: () => string;
}

/** Starts the server; resolves when it says where it listens. */
async function serve(
  content: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<Serving> {
  const { child, done } = startHerald(
    ["unsubscribe-server", "--content", content, "--port", "0", ...args],
    { cwd: root, env: { HERALD_UNSUBSCRIBE_SECRET: SECRET, ...env } },
  );
  running.add(child);
  void done.then(() => running.delete(child));
  let out = "";
  child.stdout?.on("data", (c) => {
    out += c;
  });
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", () => {
      const m = /Listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    void done.then((run) => reject(new Error(`the server ended: ${run.code}\n${run.err}`)));
  });
  return { child, done, origin: await listening, out: () => out };
}

const pathFor = (email: string, locale = "en", token = unsubscribeToken(email, SECRET)) => {
  const url = new URL(fillUnsubscribeUrl(TEMPLATE, { email, token, locale }));
  return url.pathname + url.search;
};

// axe-core, as the web package's accessibility tests run it (WCAG 2.1 AA).
const axeSource = readFileSync(
  createRequire(new URL("../../web/package.json", import.meta.url)).resolve("axe-core/axe.min.js"),
  "utf8",
);
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  return (await page.evaluate(`axe
    .run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
    .then((r) => r.violations.map((v) => v.id + ": " + v.nodes.map((n) => n.target.join(" ")).join(", ")))`)) as string[];
}

const csv = (dir: string) => readFile(join(dir, "suppressions.csv"), "utf8");
const rowsFor = async (dir: string, email: string) =>
  (await csv(dir)).split("\n").filter((line) => line.startsWith(`${email},`));

/** A raw TCP client: what it sends when, and everything the server answers until it closes. */
async function rawClient(origin: string) {
  const socket = connect(Number(new URL(origin).port), "127.0.0.1");
  await once(socket, "connect");
  let answer = "";
  socket.on("data", (c) => {
    answer += c;
  });
  // The server may reset a connection it cuts: that is an answer too.
  socket.on("error", () => {});
  const closed = once(socket, "close").then(() => Date.now());
  return { socket, closed, answer: () => answer };
}

/** A one-click POST for `email` on the wire: its headers and its body. */
function oneClickRequest(email: string) {
  const head = `POST ${pathFor(email)} HTTP/1.1\r\nHost: newsroom.example.com\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${ONE_CLICK.length}\r\n\r\n`;
  return { head, body: ONE_CLICK };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A one-click POST for `email` that the server has begun, with the first 10 bytes of its body
 * sent. Known begun, not guessed after a pause: its headers ask `Expect: 100-continue`, and the
 * server's interim "100 Continue" says they are read (a SIGTERM sent before that finds an idle
 * connection, closed at once: under load a pause of 300 ms was not always enough). `answer`
 * is what came after the interim answer.
 */
async function requestUnderWay(origin: string, email: string) {
  const client = await rawClient(origin);
  const { head, body } = oneClickRequest(email);
  client.socket.write(head.replace(/\r\n\r\n$/, "\r\nExpect: 100-continue\r\n\r\n"));
  const interim = "HTTP/1.1 100 Continue\r\n\r\n";
  const end = Date.now() + 30_000;
  while (!client.answer().startsWith(interim) && Date.now() < end) await sleep(10);
  expect(client.answer()).toBe(interim);
  client.socket.write(body.slice(0, 10));
  return { ...client, body, answer: () => client.answer().slice(interim.length) };
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "herald-unsubscribe-"));
});
afterAll(() => removeTemp(root));
afterEach(async () => {
  for (const child of running) child.kill("SIGKILL");
  running.clear();
});

describe("#12: one-click unsubscribe, as a mail client and a reader use it", () => {
  let server: Serving;
  let dir: string;
  beforeAll(async () => {
    dir = join(root, "main");
    await mkdir(dir);
    const content = await contentWith(TEMPLATE, "main/content");
    server = await serve(content, ["--out", join(dir, "out")]);
    // Shared by the tests below: not stopped after each.
    running.delete(server.child);
  });
  afterAll(() => {
    server.child.kill("SIGKILL");
  });
  const at = (path: string, init?: RequestInit) => fetch(server.origin + path, init);

  it("#12: a valid one-click POST answers 200 and adds the address to the suppression list, once", async () => {
    const email = "Alice.Investor@Example.com";
    const response = await at(pathFor(email), { method: "POST", headers: FORM, body: ONE_CLICK });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toBe(
      `You have been unsubscribed\n\nDocker, Inc. will send no more investor emails to ${email}.\n`,
    );
    const rows = await rowsFor(dir, email);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(
      /^Alice\.Investor@Example\.com,unsubscribed \(one-click\),\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect((await csv(dir)).startsWith("email,reason,date\n")).toBe(true);
    // Again, and in other case: still one row, and 200 (the reader's wish holds).
    const again = await at(pathFor(email.toLowerCase()), {
      method: "POST",
      headers: FORM,
      body: ONE_CLICK,
    });
    expect(again.status).toBe(200);
    expect(await rowsFor(dir, email)).toHaveLength(1);
    // One line per unsubscribe, with the address and never the token.
    expect(server.out()).toContain(`Unsubscribed ${email}.\n`);
    expect(server.out()).toContain(`${email.toLowerCase()} was already unsubscribed.\n`);
    expect(server.out()).not.toContain(unsubscribeToken(email, SECRET));
  });

  it("#12: multipart/form-data one-click bodies count too, and a browser gets the done page", async () => {
    const email = "multipart@example.com";
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    const response = await at(pathFor(email, "zh-CN"), {
      method: "POST",
      body,
      headers: { accept: "text/html,application/xhtml+xml,*/*;q=0.8" },
    });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="zh-CN" dir="ltr">');
    expect(html).toContain("<h1>您已成功退订</h1>");
    expect(html).toContain(
      '<p>Docker, Inc. 今后不会再向 <bdi class="address" dir="ltr">multipart@example.com</bdi> 发送投资者邮件。</p>',
    );
    expect(await rowsFor(dir, email)).toHaveLength(1);
  });

  it("#12: a forged, missing or borrowed token gets 403 and a localized page; nothing is written", async () => {
    const before = await csv(dir).catch(() => "");
    const victim = "victim@example.com";
    const cases = [
      pathFor(victim, "en", "forged-token-forged-token-forged-token-abc"),
      pathFor(victim, "en", ""),
      `/unsubscribe?email=${encodeURIComponent(victim)}`,
      // A valid token, but for another address.
      pathFor(victim, "en", unsubscribeToken("attacker@example.com", SECRET)),
      // The token made with another secret.
      pathFor(victim, "en", unsubscribeToken(victim, "another secret, 20 chars")),
      "/unsubscribe?token=abc",
    ];
    for (const path of cases) {
      const response = await at(path, {
        method: "POST",
        headers: { ...FORM, accept: "text/html", "accept-language": "en" },
        body: ONE_CLICK,
      });
      expect(response.status, path).toBe(403);
      const html = await response.text();
      expect(html).toContain("<h1>This unsubscribe link is not valid</h1>");
      expect(html).not.toContain("<form");
      const get = await at(path.replace("lang=en", "lang=ar"), {
        headers: { "accept-language": "ar" },
      });
      expect(get.status).toBe(403);
      expect(await get.text()).toContain("<h1>رابط إلغاء الاشتراك هذا غير صالح</h1>");
    }
    expect(await csv(dir).catch(() => "")).toBe(before);
    expect(server.out()).not.toContain(victim);
  });

  it("#12: a GET (and a HEAD) shows a page with one button and never unsubscribes", async () => {
    const email = "link-scanner@example.com";
    const response = await at(pathFor(email));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await response.text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain(
      '<h1>Unsubscribe <bdi class="address" dir="ltr">link-scanner@example.com</bdi> from Docker, Inc.&#39;s investor emails?</h1>',
    );
    expect(html).toContain(
      '<form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">Unsubscribe</button></form>',
    );
    const head = await at(pathFor(email), { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect(await csv(dir).catch(() => "")).not.toContain(email);
  });

  it("#12: the pages are in the email's {locale}, else the best of Accept-Language, else the default", async () => {
    const email = "lang@example.com";
    const zh = await (await at(pathFor(email, "zh-CN"))).text();
    expect(zh).toContain('<html lang="zh-CN" dir="ltr">');
    expect(zh).toContain(
      '<h1>确定为 <bdi class="address" dir="ltr">lang@example.com</bdi> 退订 Docker, Inc. 的投资者邮件吗？</h1>',
    );
    expect(zh).toContain('<button type="submit">退订</button>');
    expect(zh).toContain("'PingFang SC'");
    const ar = await (await at(pathFor(email, "ar"))).text();
    expect(ar).toContain('<html lang="ar" dir="rtl">');
    expect(ar).toContain(
      '<h1>إلغاء اشتراك <bdi class="address" dir="ltr">lang@example.com</bdi> في رسائل المستثمرين من <bdi>Docker, Inc.</bdi>؟</h1>',
    );
    expect(ar).toContain('<button type="submit">إلغاء الاشتراك</button>');
    expect(ar).toContain("'Noto Naskh Arabic'");
    // {locale} not one of the site's: the reader's browser decides.
    const byHeader = await at(pathFor(email, "fr"), {
      headers: { "accept-language": "fr-FR, ar-EG;q=0.9, en;q=0.8" },
    });
    expect(byHeader.headers.get("content-language")).toBe("ar");
    expect(await byHeader.text()).toContain('<html lang="ar" dir="rtl">');
    const neither = await at(pathFor(email, "fr"), { headers: { "accept-language": "de" } });
    expect(await neither.text()).toContain('<html lang="zh-CN" dir="ltr">');
  });

  it("#12: every answer forbids caching, referrers, framing, sniffing and anything but its own style", async () => {
    for (const [path, init] of [
      [pathFor("headers@example.com"), undefined],
      [pathFor("headers@example.com"), { method: "POST", headers: FORM, body: ONE_CLICK }],
      ["/nowhere", undefined],
    ] as const) {
      const response = await at(path, init);
      const h = response.headers;
      expect(h.get("cache-control"), path).toBe("no-store");
      expect(h.get("referrer-policy")).toBe("no-referrer");
      expect(h.get("x-frame-options")).toBe("DENY");
      expect(h.get("x-content-type-options")).toBe("nosniff");
      expect(h.get("content-security-policy")).toMatch(
        /^default-src 'none'; (style-src 'sha256-[A-Za-z0-9+/=]+'; )?form-action 'self'; frame-ancestors 'none'; base-uri 'none'$/,
      );
    }
  });

  it("#12: another path is 404, another method 405 with Allow, a POST without the one-click body 400", async () => {
    const email = "methods@example.com";
    expect((await at(`/unsubscribe/x${pathFor(email).slice(12)}`)).status).toBe(404);
    expect((await at("/")).status).toBe(404);
    expect((await at("/favicon.ico")).status).toBe(404);
    for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
      const response = await at(pathFor(email), { method, body: method === "DELETE" ? null : "" });
      expect(response.status, method).toBe(405);
      expect(response.headers.get("allow")).toBe("GET, HEAD, POST");
    }
    for (const [body, type] of [
      ["", FORM["content-type"]],
      ["List-Unsubscribe=Yes", FORM["content-type"]],
      ["List-Unsubscribe=One-Click", "text/plain"],
      ["List-Unsubscribe=One-Click", "multipart/form-data; boundary=nope"],
    ] as const) {
      const response = await at(pathFor(email), {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
      expect(response.status, `${type}: ${body}`).toBe(400);
    }
    expect(await csv(dir).catch(() => "")).not.toContain(email);
  });

  it("#12: a body over the limit gets 413, declared or streamed, and nothing is written", async () => {
    const email = "big@example.com";
    const big = `${ONE_CLICK}&pad=${"x".repeat(64 * 1024)}`;
    const declared = await at(pathFor(email), { method: "POST", headers: FORM, body: big });
    expect(declared.status).toBe(413);
    // Chunked, no Content-Length: counted as it arrives.
    const url = new URL(server.origin + pathFor(email));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(url, { method: "POST", headers: FORM }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      for (let i = 0; i < 8; i++) req.write("x".repeat(4096));
      req.end();
    });
    expect(status).toBe(413);
    expect(await csv(dir).catch(() => "")).not.toContain(email);
  });

  it("#12: 20 concurrent POSTs for different addresses and 20 for one: each address exactly once", async () => {
    const many = Array.from({ length: 20 }, (_, i) => `concurrent${i}@example.com`);
    const same = Array.from({ length: 20 }, () => "Same.Person@example.com");
    const responses = await Promise.all(
      [...many, ...same].map((email) =>
        at(pathFor(email), { method: "POST", headers: FORM, body: ONE_CLICK }),
      ),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    const lines = (await csv(dir)).split("\n").filter(Boolean);
    for (const email of [...many, "Same.Person@example.com"])
      expect(
        lines.filter((l) => l.startsWith(`${email},`)),
        email,
      ).toHaveLength(1);
    expect(lines.filter((l) => l === "email,reason,date")).toHaveLength(1);
  });
});

describe("#12: when the list cannot be written", () => {
  it("#12: the unsubscribe answers 500 and says so on stderr, no token shown; the server keeps serving", async () => {
    const content = await contentWith(TEMPLATE, "broken-content");
    const list = join(root, "broken-list.csv");
    const server = await serve(content, ["--suppressions", list]);
    let err = "";
    server.child.stderr?.on("data", (c) => {
      err += c;
    });
    // Someone replaces the list by a folder while the server runs.
    await mkdir(list);
    const email = "broken@example.com";
    const response = await fetch(server.origin + pathFor(email), {
      method: "POST",
      headers: FORM,
      body: ONE_CLICK,
    });
    expect(response.status).toBe(500);
    expect(await response.text()).toBe(
      "The unsubscribe could not be recorded. Please try again later.\n",
    );
    expect(err).toContain(
      `herald: could not answer POST request: The suppression list ${list} is not a file.`,
    );
    expect(err).not.toContain(unsubscribeToken(email, SECRET));
    expect(server.out()).not.toContain("Unsubscribed");
    expect((await fetch(server.origin + pathFor(email))).status).toBe(200);
    server.child.kill("SIGTERM");
    expect((await server.done).code).toBe(0);
  });
});

describe("#12: the server's path, start and stop", () => {
  it("#12: placeholders in the path (/u/{token}/{email}) are read back; the template's host is not compared", async () => {
    const template = "https://elsewhere.example.org/u/{token}/{email}";
    const content = await contentWith(template, "path-content");
    const server = await serve(content, ["--suppressions", join(root, "path-list.csv")]);
    expect(server.out()).toContain(`Listening on ${server.origin}/u/{token}/{email}\n`);
    const email = "path+tag@example.com";
    const url = new URL(
      fillUnsubscribeUrl(template, { email, token: unsubscribeToken(email, SECRET), locale: "en" }),
    );
    const get = await fetch(server.origin + url.pathname, { headers: { "accept-language": "ar" } });
    expect(get.status).toBe(200);
    expect(await get.text()).toContain('<html lang="ar" dir="rtl">');
    const post = await fetch(server.origin + url.pathname, {
      method: "POST",
      headers: FORM,
      body: ONE_CLICK,
    });
    expect(post.status).toBe(200);
    expect(await readFile(join(root, "path-list.csv"), "utf8")).toContain(
      "path+tag@example.com,unsubscribed (one-click),",
    );
    expect((await fetch(`${server.origin}/unsubscribe`)).status).toBe(404);
    server.child.kill("SIGTERM");
    const run = await server.done;
    expect(run.code).toBe(0);
    expect(run.out.endsWith("Stopped.\n")).toBe(true);
  });

  it("#12: SIGTERM and SIGINT stop it with exit 0 after the unsubscribes under way", async () => {
    const content = await contentWith(TEMPLATE, "stop-content");
    const list = join(root, "stop-list.csv");
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const server = await serve(content, ["--suppressions", list]);
      const emails = Array.from({ length: 40 }, (_, i) => `${signal}-${i}@example.com`);
      const answers = emails.map((email) =>
        fetch(server.origin + pathFor(email), { method: "POST", headers: FORM, body: ONE_CLICK })
          .then((r) => r.status)
          .catch(() => 0),
      );
      // Stop once the first is written, while the others arrive or are being written: each
      // one answered 200 must be on the list.
      const end = Date.now() + 20_000;
      while (!server.out().includes("Unsubscribed") && Date.now() < end)
        await new Promise((r) => setTimeout(r, 2));
      server.child.kill(signal);
      const statuses = await Promise.all(answers);
      const run = await server.done;
      expect(run.code, signal).toBe(0);
      expect(run.out.endsWith("Stopped.\n")).toBe(true);
      // The content's warnings (untranslated names) at most: no failure.
      expect(run.err).not.toContain("herald:");
      const written = existsSync(list) ? await readFile(list, "utf8") : "";
      expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(0);
      emails.forEach((email, i) => {
        if (statuses[i] === 200) expect(written).toContain(`${email},`);
      });
      // However the stop fell, no address is written twice.
      for (const email of emails)
        expect(written.split("\n").filter((l) => l.startsWith(`${email},`)).length).toBeLessThan(2);
    }
  });

  it("#12: refuses to start without a valid secret, never printing it", async () => {
    const content = await contentWith(TEMPLATE, "secret-content");
    const missing = startHerald(["unsubscribe-server", "--content", content, "--port", "0"], {
      cwd: root,
      env: { HERALD_UNSUBSCRIBE_SECRET: "" },
    });
    const run = await missing.done;
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      "herald: HERALD_UNSUBSCRIBE_SECRET is not set; the server checks every unsubscribe link's token with it.\n  Fix: set HERALD_UNSUBSCRIBE_SECRET to the secret herald send signs the links with",
    );
    expect(run.out).not.toContain("Listening");
    expectNoStack(run.err);
    const short = startHerald(["unsubscribe-server", "--content", content, "--port", "0"], {
      cwd: root,
      env: { HERALD_UNSUBSCRIBE_SECRET: "hunter2-secret" },
    });
    const shortRun = await short.done;
    expect(shortRun.code).toBe(1);
    expect(shortRun.err).toContain(
      "HERALD_UNSUBSCRIBE_SECRET is shorter than 16 characters, too short to keep tokens from being guessed",
    );
    expect(shortRun.err + shortRun.out).not.toContain("hunter2");
  });

  it("#12: refuses to start when site.yaml has no unsubscribe URL, or one without {email} or {token}", async () => {
    const cases: Array<[string | undefined, string]> = [
      [
        undefined,
        "herald: site.yaml: newsletter.unsubscribe.url is not set, so there is no address to serve.\n  Fix: add it to site.yaml",
      ],
      [
        "https://newsroom.example.com/unsubscribe?email={email}",
        "herald: site.yaml: newsletter.unsubscribe.url (https://newsroom.example.com/unsubscribe?email={email}) has no {token}: the server reads the address from {email} and checks that {token} signs it, so nobody can unsubscribe someone else.\n  Fix: write the URL with both, e.g. https://news.example.com/unsubscribe?address={email}&token={token}&lang={locale}\n",
      ],
      [
        "https://newsroom.example.com/unsubscribe",
        "has no {email} and {token}: the server reads the address",
      ],
    ];
    for (const [i, [url, message]] of cases.entries()) {
      const content = await contentWith(url, `url-content-${i}`);
      const run = await startHerald(["unsubscribe-server", "--content", content, "--port", "0"], {
        cwd: root,
        env: { HERALD_UNSUBSCRIBE_SECRET: SECRET },
      }).done;
      expect(run.code, url).toBe(1);
      expect(run.err).toContain(message);
      expectNoStack(run.err);
    }
  });

  it("#12: refuses to start on a file that is not a suppression list, or one inside the content folder", async () => {
    const content = await contentWith(TEMPLATE, "list-content");
    const notAList = join(root, "recipients.csv");
    await writeFile(notAList, "name,address\nAlice,alice@example.com\n");
    const run = await startHerald(
      ["unsubscribe-server", "--content", content, "--port", "0", "--suppressions", notAList],
      { cwd: root, env: { HERALD_UNSUBSCRIBE_SECRET: SECRET } },
    ).done;
    expect(run.code).toBe(1);
    expect(run.err).toContain(
      `herald: ${notAList}:1: this is not a suppression list: its first line must name the columns email,reason,date (found "name,address"), so Herald neither reads nor writes it.`,
    );
    expectNoStack(run.err);
    expect(await readFile(notAList, "utf8")).toBe("name,address\nAlice,alice@example.com\n");
    const inside = await startHerald(
      [
        "unsubscribe-server",
        "--content",
        content,
        "--port",
        "0",
        "--suppressions",
        join(content, "s.csv"),
      ],
      { cwd: root, env: { HERALD_UNSUBSCRIBE_SECRET: SECRET } },
    ).done;
    expect(inside.code).toBe(1);
    expect(inside.err).toContain("is inside the content folder, whose files are published");
    expect(existsSync(join(content, "s.csv"))).toBe(false);
  });

  it("#12: a port in use exits 1 naming it; a wrong --port is a usage error", async () => {
    const content = await contentWith(TEMPLATE, "port-content");
    const taken: Server = createServer();
    taken.listen(0, "127.0.0.1");
    await once(taken, "listening");
    const port = (taken.address() as { port: number }).port;
    try {
      const run = await startHerald(
        ["unsubscribe-server", "--content", content, "--port", String(port)],
        { cwd: root, env: { HERALD_UNSUBSCRIBE_SECRET: SECRET } },
      ).done;
      expect(run.code).toBe(1);
      expect(run.err).toContain(
        `herald: --port ${port}: another program already listens on 127.0.0.1:${port}.\n  Fix: stop it, or pass another --port (--port 0 picks a free one).`,
      );
      expectNoStack(run.err);
    } finally {
      taken.close();
    }
    for (const bad of ["http", "70000", "-1", "80.5"]) {
      const run = await startHerald(["unsubscribe-server", "--content", content, `--port=${bad}`], {
        cwd: root,
        env: { HERALD_UNSUBSCRIBE_SECRET: SECRET },
      }).done;
      expect(run.code, bad).toBe(2);
      expect(run.err).toContain("--port must be a port number from 0 to 65535");
    }
  });

  it("#12: a client that sends its headers too slowly, or never finishes its body, is cut off", async () => {
    const content = await contentWith(TEMPLATE, "slow-content");
    const server = await serve(content, ["--suppressions", join(root, "slow.csv")], {
      HERALD_HTTP_TIMEOUT_MS: "400",
    });
    const { port } = new URL(server.origin);
    const closedAfter = async (send: string) => {
      const socket = connect(Number(port), "127.0.0.1");
      await once(socket, "connect");
      const start = Date.now();
      let answer = "";
      socket.on("data", (c) => {
        answer += c;
      });
      socket.write(send);
      await once(socket, "close");
      return { ms: Date.now() - start, answer };
    };
    const headers = await closedAfter("POST /unsubscribe?email=a%40b.com HTTP/1.1\r\nHost: x\r\n");
    expect(headers.ms).toBeGreaterThanOrEqual(350);
    expect(headers.ms).toBeLessThan(3000);
    // Node closes (or answers 408 Request Timeout, then closes): never a request handled.
    expect(headers.answer).toMatch(/^(HTTP\/1\.1 408 [\s\S]*)?$/);
    const email = "slow@example.com";
    const body = await closedAfter(
      `POST ${pathFor(email)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 26\r\n\r\nList-Unsub`,
    );
    expect(body.ms).toBeGreaterThanOrEqual(350);
    expect(body.ms).toBeLessThan(3000);
    expect(body.answer).toMatch(/^(HTTP\/1\.1 408 [\s\S]*)?$/);
    expect(existsSync(join(root, "slow.csv"))).toBe(false);
    // A client that went away mid-body is not a failure of the server's.
    const gone = await rawClient(server.origin);
    gone.socket.end(
      `POST ${pathFor(email)} HTTP/1.1\r\nHost: x\r\nContent-Length: 26\r\n\r\nList-`,
    );
    gone.socket.destroy();
    await gone.closed;
    await sleep(200);
    server.child.kill("SIGTERM");
    const run = await server.done;
    expect(run.code).toBe(0);
    expect(run.out).not.toContain("Stopping once");
    expect(run.err).not.toContain("herald:");
  });
});

describe("#12: a stop while requests are under way", () => {
  it("#12: a POST whose body is still arriving at SIGTERM is received, written and answered 200 before the exit", async () => {
    const content = await contentWith(TEMPLATE, "arriving-content");
    const list = join(root, "arriving.csv");
    const server = await serve(content, ["--suppressions", list]);
    const email = "half-a-body@example.com";
    // The headers are in: the request has started.
    const client = await requestUnderWay(server.origin, email);
    const { body } = client;
    server.child.kill("SIGTERM");
    let exited = false;
    void server.done.then(() => {
      exited = true;
    });
    await sleep(1000);
    expect(exited).toBe(false);
    client.socket.write(body.slice(10));
    await client.closed;
    expect(client.answer()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    // No keep-alive on a server that is stopping.
    expect(client.answer()).toMatch(/\r\nConnection: close\r\n/i);
    expect(client.answer()).toContain(`will send no more investor emails to ${email}.`);
    const run = await server.done;
    expect(run.code).toBe(0);
    expect(run.out).toContain(`Unsubscribed ${email}.\n`);
    expect(run.out.endsWith("Stopped.\n")).toBe(true);
    // The operator is told why it has not stopped yet, and how to stop at once.
    expect(run.out).toContain(
      "Stopping once the request under way is answered (a second Ctrl-C stops at once).\n",
    );
    expect(run.out.indexOf(`Unsubscribed ${email}.`)).toBeLessThan(run.out.indexOf("Stopped."));
    expect(run.err).not.toContain("herald:");
    expect(
      (await readFile(list, "utf8")).split("\n").filter((l) => l.startsWith(`${email},`)),
    ).toHaveLength(1);
  });

  it("#12: idle connections (keep-alive after an answer, or nothing sent yet) are closed at SIGTERM and do not delay the exit", async () => {
    const content = await contentWith(TEMPLATE, "idle-content");
    const list = join(root, "idle.csv");
    const server = await serve(content, ["--suppressions", list]);
    const email = "keep-alive@example.com";
    const kept = await rawClient(server.origin);
    const { head, body } = oneClickRequest(email);
    kept.socket.write(head + body);
    const end = Date.now() + 10_000;
    while (!kept.answer().includes(`${email}.`) && Date.now() < end) await sleep(10);
    expect(kept.answer()).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    const silent = await rawClient(server.origin);
    await sleep(100);
    const stop = Date.now();
    server.child.kill("SIGTERM");
    const run = await server.done;
    // The default timeouts are 20 s: neither connection was waited for.
    expect(Date.now() - stop).toBeLessThan(8000);
    expect(run.code).toBe(0);
    expect(run.out.endsWith("Stopped.\n")).toBe(true);
    expect((await kept.closed) - stop).toBeLessThan(8000);
    expect((await silent.closed) - stop).toBeLessThan(8000);
    expect(silent.answer()).toBe("");
  });

  it("#12: a request whose body never completes is cut at the request timeout after SIGTERM; nothing is written, exit 0", async () => {
    const content = await contentWith(TEMPLATE, "never-content");
    const list = join(root, "never.csv");
    const server = await serve(content, ["--suppressions", list], {
      HERALD_HTTP_TIMEOUT_MS: "1500",
    });
    const start = Date.now();
    const client = await requestUnderWay(server.origin, "never-finished@example.com");
    server.child.kill("SIGTERM");
    const run = await server.done;
    const closed = await client.closed;
    // Cut when its time was up (1.5 s after it started), not at once and not never.
    expect(closed - start).toBeGreaterThanOrEqual(1400);
    expect(closed - start).toBeLessThan(4000);
    expect(client.answer()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\nConnection: close\r\n/);
    expect(run.code).toBe(0);
    expect(run.out).toContain("Stopping once the request under way is answered");
    expect(run.out.endsWith("Stopped.\n")).toBe(true);
    expect(run.err).not.toContain("herald:");
    expect(existsSync(list)).toBe(false);
  });

  it("#12: a second signal while a request is under way exits 130 at once", async () => {
    const content = await contentWith(TEMPLATE, "twice-content");
    const list = join(root, "twice.csv");
    const server = await serve(content, ["--suppressions", list]);
    await requestUnderWay(server.origin, "twice@example.com");
    server.child.kill("SIGTERM");
    await sleep(300);
    expect(server.child.exitCode).toBe(null);
    const second = Date.now();
    server.child.kill("SIGINT");
    const run = await server.done;
    expect(Date.now() - second).toBeLessThan(8000);
    expect(run.code).toBe(130);
    expect(existsSync(list)).toBe(false);
  });
});

describe("#12: in Chromium", () => {
  it("#12: the page renders at 375 px in zh-CN and ar, and its button unsubscribes (screenshots in test-artifacts/i12)", async () => {
    const artifacts = fileURLToPath(new URL("../test-artifacts/i12/", import.meta.url));
    await mkdir(artifacts, { recursive: true });
    const content = await contentWith(TEMPLATE, "browser-content");
    const list = join(root, "browser.csv");
    const server = await serve(content, ["--suppressions", list]);
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    try {
      for (const locale of ["zh-CN", "ar"]) {
        const email = `browser-${locale}@example.com`;
        const page = await browser.newPage({ viewport: { width: 375, height: 640 } });
        const refused: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") refused.push(m.text());
        });
        await page.goto(server.origin + pathFor(email, locale));
        const width = Number(await page.evaluate("document.documentElement.scrollWidth"));
        expect(width, locale).toBeLessThanOrEqual(375);
        // The style is allowed by its hash: the button is styled, not a bare system button.
        const background = await page.evaluate(
          "getComputedStyle(document.querySelector('button')).backgroundColor",
        );
        expect(background).toBe("rgb(11, 92, 173)");
        await page.screenshot({ path: join(artifacts, `${locale}-confirm-375.png`) });
        expect(existsSync(list) ? await readFile(list, "utf8") : "").not.toContain(email);
        await Promise.all([page.waitForNavigation(), page.locator("button").click()]);
        const heading = await page.locator("h1").textContent();
        expect(heading).toBe(locale === "ar" ? "تم إلغاء اشتراكك" : "您已成功退订");
        await page.screenshot({ path: join(artifacts, `${locale}-done-375.png`) });
        expect(refused).toEqual([]);
        expect(await readFile(list, "utf8")).toContain(`${email},unsubscribed (one-click),`);
        await page.close();
        // WCAG 2.1 AA, light and dark. axe is a script the page's policy rightly refuses: this
        // page alone lets it in.
        for (const colorScheme of ["light", "dark"] as const) {
          const checked = await browser.newPage({ bypassCSP: true, colorScheme });
          await checked.goto(server.origin + pathFor(email, locale));
          expect(await axeViolations(checked), `${locale} ${colorScheme}`).toEqual([]);
          await checked.close();
        }
      }
    } finally {
      await browser.close();
      server.child.kill("SIGTERM");
      await server.done;
    }
  });
});
