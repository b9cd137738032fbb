import { existsSync, realpathSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { buildMessage, compileEmail, sampleRecipient, toEml } from "@herald/email";
import {
  announcementDocument,
  announcementUrl,
  type Content,
  type Manifest,
  type ManifestEntry,
  pressKitPath,
} from "@herald/model";
import { renderPressKit } from "@herald/pdf";
import { renderSite } from "@herald/web";
import { contentDirOf, loadOrReport } from "../content.js";
import { UsageError } from "../errors.js";
import { type Io, println } from "../io.js";
import { replaceDirectory } from "../output-folder.js";
import { isInside } from "../paths.js";
import { createProgress } from "../progress.js";
import { count } from "../words.js";

export const buildUsage = `herald build [--content DIR] [--out DIR] [--paper a4|letter]

Builds every output from the content folder (default: the sample content) into DIR
(default: ./out), and writes DIR/manifest.json. Press kits are printed on A4 unless
--paper letter asks for US Letter. The build happens in a temporary folder that
replaces DIR only when everything succeeded, so a failed build leaves DIR as it was.`;

/** What every renderer gets besides the content. */
export interface BuildContext {
  /** Tells the user about something worth fixing that did not stop the build. */
  warn: (message: string) => void;
  paper: "a4" | "letter";
}

/** One output of the build: fills its part of each manifest entry. */
export interface Renderer {
  name: string;
  /** Writes its files under `outDir` and adds their paths (relative to outDir) to `entries`. */
  render(
    content: Content,
    outDir: string,
    entries: ManifestEntry[],
    context: BuildContext,
  ): Promise<void>;
}

// In order: the site links to the PDFs, so the press kits come first.
export const renderers: Renderer[] = [
  {
    name: "press kits",
    async render(content, outDir, entries, { warn, paper }) {
      for (const a of content.announcements) {
        const kit = await renderPressKit(content, a, { pageSize: paper });
        for (const warning of kit.warnings) warn(warning);
        const path = `site/${pressKitPath(a)}`;
        await writeOutput(join(outDir, path), kit.bytes);
        const entry = entries.find((e) => e.id === a.id && e.locale === a.locale);
        if (entry) entry.pdf = path;
      }
    },
  },
  {
    name: "website",
    async render(content, outDir, entries) {
      const documents = content.announcements.map((a) => announcementDocument(content, a));
      await renderSite(content, documents, join(outDir, "site"));
      for (const entry of entries) {
        const d = documents.find((x) => x.id === entry.id && x.locale === entry.locale);
        if (d?.page.file) entry.page = d.page.file;
      }
    },
  },
  {
    name: "newsletters",
    async render(content, outDir, entries) {
      for (const a of content.announcements) {
        const email = compileEmail(content, a);
        // A sample addressed to a placeholder investor, to open in any mail client.
        const sample = sampleRecipient(a.locale);
        const parts = email.personalize(sample);
        const base = `email/${a.id}.${a.locale}`;
        await writeOutput(join(outDir, `${base}.html`), parts.html);
        await writeOutput(join(outDir, `${base}.txt`), parts.text);
        await writeOutput(
          join(outDir, `${base}.eml`),
          await toEml(buildMessage(content, email, sample)),
        );
        const entry = entries.find((e) => e.id === a.id && e.locale === a.locale);
        if (entry) entry.email = { html: `${base}.html`, text: `${base}.txt`, eml: `${base}.eml` };
      }
    },
  },
];

/** Writes a file, creating its folder; the content is written exactly as given. */
export async function writeOutput(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, data);
}

/** Renders every output of `content` into `out`, swapped in whole; returns the manifest. */
export async function buildOutputs(
  content: Content,
  out: string,
  context: BuildContext,
  io: Io,
  steps: Renderer[] = renderers,
  /** The output folder as the user named it, for messages. */
  shown = out,
): Promise<Manifest> {
  const entries: ManifestEntry[] = content.announcements.map((a) => ({
    id: a.id,
    locale: a.locale,
    title: a.title,
    url: announcementUrl(content.site, a),
  }));
  // Keys in the documented order, whatever order the renderers filled them in.
  const manifest = (): Manifest => ({
    announcements: entries.map(({ id, locale, title, url, page, pdf, email }) => ({
      id,
      locale,
      title,
      url,
      ...(page && { page }),
      ...(pdf && { pdf }),
      ...(email && { email }),
    })),
  });
  const progress = createProgress(io, steps.length + 1);
  try {
    await replaceDirectory(
      out,
      async (dir) => {
        for (const step of steps) {
          progress.tick(step.name);
          await step.render(content, dir, entries, context);
        }
        progress.tick("manifest");
        await writeOutput(join(dir, "manifest.json"), `${JSON.stringify(manifest(), null, 2)}\n`);
      },
      shown,
    );
  } finally {
    progress.done();
  }
  return manifest();
}

/** The build replaces its output folder whole: it must neither be nor hold nor sit in the content. */
function checkApart(out: string, contentDir: string, cwd: string, shown: string): void {
  const real = (path: string) => {
    // Compare where paths really lead, through symbolic links, for the part that exists.
    let existing = path;
    while (!existsSync(existing) && dirname(existing) !== existing) existing = dirname(existing);
    return join(realpathSync(existing), relative(existing, path));
  };
  const o = real(out);
  const c = real(contentDir);
  if (isInside(c, o) || isInside(o, c)) {
    throw new UsageError(
      `${shown} ${isInside(o, c) ? "is inside" : "would replace"} the content folder ${contentDir}; a build replaces its output folder whole.\n  Fix: build into a folder of its own, outside the content folder, like --out out.`,
      { brief: true },
    );
  }
  // Replacing the folder the command runs in would leave the shell in a deleted folder.
  if (isInside(real(cwd), o)) {
    throw new UsageError(
      `${shown} is the folder you are in${relative(o, real(cwd)) ? " (or holds it)" : ""}; a build replaces its output folder whole, which would pull it from under your shell.\n  Fix: build into a folder of its own, like --out out, or run the command from the folder above.`,
      { brief: true },
    );
  }
}

export async function build(
  io: Io,
  options: { content?: string; out?: string; paper?: string },
  steps: Renderer[] = renderers,
): Promise<number> {
  const paper = options.paper ?? "a4";
  if (paper !== "a4" && paper !== "letter") {
    throw new UsageError(`--paper must be a4 or letter, not "${paper}".`);
  }
  const out = resolve(io.cwd, options.out ?? "out");
  const shownOut = `--out ${options.out ?? "out"}`;
  checkApart(out, contentDirOf(io, options.content), io.cwd, shownOut);
  const { content } = await loadOrReport(io, options.content);
  const warn = (message: string) => println(io.stderr, `warning: ${message}`);
  const { announcements } = await buildOutputs(content, out, { warn, paper }, io, steps, shownOut);
  const shown = relative(io.cwd, out) || ".";
  println(
    io.stdout,
    `Built ${count(announcements.length, "translation")} of ${count(new Set(announcements.map((e) => e.id)).size, "announcement")} into ${shown}/ (see ${join(shown, "manifest.json")}).`,
  );
  return 0;
}
