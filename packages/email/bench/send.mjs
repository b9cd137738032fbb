// Benchmark: rendering and sending personalized newsletters to a loopback SMTP server that
// discards them, against plain nodemailer sending one prebuilt message the same number of
// times to the same server, in one run; and peak memory at 1,000 and 10,000 recipients.
//
//   pnpm --filter @herald/email bench      (or `pnpm bench` for every package)
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { announcementDocument, loadContent, sampleContentDir } from "@herald/model";
import nodemailer from "nodemailer";
import { SMTPServer } from "smtp-server";
import { buildMessage, compileEmail, sendNewsletter } from "../dist/index.js";

const run = promisify(execFile);
const N = Number(process.env.HERALD_BENCH_MESSAGES ?? 10_000);
const CONNECTIONS = 5;

if (process.argv[2] === "server") {
  // The discarding server runs in its own process, on the second core, like a real one.
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      stream.on("end", () => callback());
      stream.resume();
    },
  });
  server.listen(0, "127.0.0.1", () => console.log(server.server.address().port));
} else if (process.argv[2] === "child") {
  // One send in a fresh process, reporting its peak memory: the largest heap seen while
  // sending, sampled, and the process's peak resident size.
  const [, , , url, list, journal] = process.argv;
  const { content } = await loadContent(sampleContentDir);
  let peakHeap = 0;
  const sample = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  await sendNewsletter({
    content,
    announcementId: "docker-series-b",
    recipientsFile: list,
    smtp: url,
    outbox: "",
    journal,
    maxConnections: CONNECTIONS,
  });
  clearInterval(sample);
  globalThis.gc?.();
  const retained = process.memoryUsage().heapUsed;
  console.log(
    JSON.stringify({ maxRss: process.resourceUsage().maxRSS * 1024, peakHeap, retained }),
  );
  process.exit(0);
} else {
  await main();
}

async function main() {
  const serverProcess = spawn(process.execPath, [fileURLToPath(import.meta.url), "server"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const [port] = await once(serverProcess.stdout, "data");
  const server = {
    close: () => serverProcess.kill(),
    server: { address: () => ({ port: Number(String(port).trim()) }) },
  };
  const url = `smtp://127.0.0.1:${server.server.address().port}`;
  const dir = await mkdtemp(join(tmpdir(), "herald-bench-send-"));

  const list = async (count) => {
    const file = join(dir, `recipients-${count}.csv`);
    const lines = ["email,name,locale"];
    for (let i = 0; i < count; i++)
      lines.push(`investor${i}@example.com,Investor ${i},${i % 2 ? "en" : "zh-CN"}`);
    await writeFile(file, `${lines.join("\n")}\n`);
    return file;
  };

  try {
    const { content } = await loadContent(sampleContentDir);
    const file = await list(N);

    // Baseline: one prebuilt message, sent N times through the same kind of pool.
    const a = content.announcements[0];
    const email = compileEmail(content.site, announcementDocument(content, a));
    const prebuilt = buildMessage(content.site, email, {
      email: "investor@example.com",
      name: "Investor",
    });
    const transport = nodemailer.createTransport({
      pool: true,
      host: "127.0.0.1",
      port: server.server.address().port,
      ignoreTLS: true,
      maxConnections: CONNECTIONS,
      maxMessages: Infinity,
    });
    let t = performance.now();
    const inFlight = new Set();
    for (let i = 0; i < N; i++) {
      const p = transport.sendMail(prebuilt).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= CONNECTIONS * 4) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    const base = performance.now() - t;
    transport.close();

    t = performance.now();
    const summary = await sendNewsletter({
      content,
      announcementId: "docker-series-b",
      recipientsFile: file,
      smtp: url,
      outbox: "",
      journal: join(dir, "bench.journal"),
      maxConnections: CONNECTIONS,
    });
    const ours = performance.now() - t;
    if (summary.sent !== N) throw new Error(`sent ${summary.sent} of ${N}`);

    const peak = async (count) => {
      const { stdout } = await run(process.execPath, [
        fileURLToPath(import.meta.url),
        "child",
        url,
        await list(count),
        join(dir, `peak-${count}.journal`),
      ]);
      return JSON.parse(stdout);
    };
    const small = await peak(1000);
    const large = await peak(N);

    console.log(
      `newsletter: render + send ${N} personalized messages vs plain nodemailer resending one, same run`,
    );
    console.log(
      `  plain nodemailer   ${base.toFixed(0).padStart(7)} ms   ${((N / base) * 1000).toFixed(0)} msg/s`,
    );
    console.log(
      `  Herald             ${ours.toFixed(0).padStart(7)} ms   ${((N / ours) * 1000).toFixed(0)} msg/s (goal >= 1000)   ratio ${(ours / base).toFixed(2)} (goal < 1.5)`,
    );
    const mb = (b) => `${(b / 1048576).toFixed(0)} MB`;
    console.log(
      `  peak heap (fresh process): 1,000 recipients ${mb(small.peakHeap)}, ${N.toLocaleString("en")} recipients ${mb(large.peakHeap)} (ratio ${(large.peakHeap / small.peakHeap).toFixed(2)}, goal: flat)`,
    );
    console.log(
      `  peak resident size:        1,000 recipients ${mb(small.maxRss)}, ${N.toLocaleString("en")} recipients ${mb(large.maxRss)} (ratio ${(large.maxRss / small.maxRss).toFixed(2)})`,
    );
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
