import { writeFileSync } from "node:fs";
import { loadContent, sampleContentDir } from "@herald/model";
import { renderPressKit } from "./src/index.ts";
const r = await loadContent(sampleContentDir);
if (!r.ok) throw new Error("x");
for (const a of r.content.announcements) {
  const t = performance.now();
  const kit = await renderPressKit(r.content, a);
  console.log(a.locale, kit.pages, kit.bytes.length, (performance.now() - t) | 0, kit.warnings);
  writeFileSync(`/tmp/kit-${a.locale}.pdf`, kit.bytes);
}
