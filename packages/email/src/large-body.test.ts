import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeLargeBodyContent } from "@herald/model/testing";
import { afterAll, describe, expect, it } from "vitest";
import { emailOf, load } from "../test/content.js";

// Issue 15: a long body is inlined a part at a time (juice's DOM of a whole 5 MB email took
// gigabytes). Every part gets the stylesheet's rules as the whole page would, and nothing of
// the splicing shows.

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

describe("#15: the email of a long body", () => {
  for (const locale of ["en", "zh-CN"] as const) {
    it(`#15: every block and note of a 200 KB ${locale} body is styled inline, in order`, async () => {
      const dir = await mkdtemp(join(tmpdir(), "herald-email-large-"));
      dirs.push(dir);
      await writeLargeBodyContent(dir, 200_000, locale);
      const { html } = emailOf(await load(dir), locale);
      // No mark of where the parts were put in is left.
      expect(html).not.toMatch(/herald[0-9a-f]{24}/);
      const content = html.slice(
        html.indexOf('<td class="content"'),
        html.indexOf('class="footer"'),
      );
      const count = (pattern: RegExp) => content.match(pattern)?.length ?? 0;
      // Headings, paragraphs, links, grid cells and note marks: all with their rules inlined.
      const h2 = count(/<h2[ >]/g);
      expect(h2).toBeGreaterThan(80);
      expect(count(/<h2 style="font-size: 19px;[^"]*">/g)).toBe(h2);
      expect(count(/<p[ >]/g)).toBe(count(/<p [^>]*style="[^"]*margin/g));
      expect(count(/<a [^>]*href=/g)).toBe(count(/<a [^>]*style="[^"]*color: #0b5cad/g));
      expect(count(/<td[ >]/g)).toBeGreaterThan(250);
      expect(count(/<th scope="col"[^>]*style="[^"]*border: 1px solid #d0d7de/g)).toBe(
        count(/<th scope="col"/g),
      );
      expect(count(/<sup class="fnref" style="[^"]*vertical-align: super/g)).toBe(
        count(/<sup class="fnref"/g),
      );
      // One note per section, numbered in order, in a styled list.
      const notes = [...content.matchAll(/<li value="(\d+)">/g)].map((m) => Number(m[1]));
      expect(notes).toEqual(Array.from({ length: notes.length }, (_, i) => i + 1));
      expect(notes.length).toBeGreaterThan(80);
      expect(content).toMatch(/<div class="footnotes" style="[^"]*border-top: 1px solid #e1e4e8/);
      // Sections in order, from the first to the end of the body.
      const first = content.indexOf(">1. ");
      const fiftieth = content.indexOf(">50. ");
      expect(first).toBeGreaterThan(0);
      expect(fiftieth).toBeGreaterThan(first);
      expect(content.indexOf(locale === "en" ? "The end." : "全文完。")).toBeGreaterThan(fiftieth);
    });
  }
});
