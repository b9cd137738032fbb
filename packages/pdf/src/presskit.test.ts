import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { announcementDocument, loadContent } from "@herald/model";
import { writeLargeBodyContent } from "@herald/model/testing";
import { afterAll, describe, expect, it } from "vitest";
import { A4, Flow, fontMeasure } from "./flow.js";
import { layoutPressKit, layoutSteps } from "./presskit.js";

// The press kit draws each page as soon as the layout has left it behind (render.ts), which
// is only right if the layout never goes back to a page: checked here on a long body with
// tables, lists, quotes, images and notes.

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function longDocument() {
  const dir = await mkdtemp(join(tmpdir(), "herald-pdf-steps-"));
  dirs.push(dir);
  await writeLargeBodyContent(dir, 60_000, "en");
  const loaded = await loadContent(dir);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const { content } = loaded;
  return announcementDocument(content, content.announcements[0] as never);
}

const flowOf = () => new Flow(A4, fontMeasure(), 16, () => {});

describe("layoutSteps", () => {
  it("#15: a page the layout has left behind at a pause is never drawn on again", async () => {
    const document = await longDocument();
    const flow = flowOf();
    const finished: string[] = [];
    let pauses = 0;
    for (const _ of layoutSteps(flow, document, () => {})) {
      pauses++;
      while (finished.length < flow.page)
        finished.push(JSON.stringify(flow.pages[finished.length]));
    }
    // Most pages are finished before the layout ends: they can be drawn and let go.
    expect(flow.pages.length).toBeGreaterThan(20);
    expect(finished.length).toBeGreaterThan(flow.pages.length * 0.8);
    expect(pauses).toBeGreaterThan(20);
    finished.forEach((ops, i) => {
      expect(JSON.stringify(flow.pages[i]), `page ${i + 1}`).toBe(ops);
    });
  });

  it("#15: laid out with pauses, the pages, links and outline are those of layoutPressKit", async () => {
    const document = await longDocument();
    const whole = flowOf();
    layoutPressKit(whole, document, () => {});
    const paused = flowOf();
    for (const _ of layoutSteps(paused, document, () => {}));
    expect(paused.pages).toEqual(whole.pages);
    expect(paused.links).toEqual(whole.links);
    expect(paused.outline).toEqual(whole.outline);
  });
});
