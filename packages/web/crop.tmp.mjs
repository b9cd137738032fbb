import { readFileSync, writeFileSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";

const [src, x, y, w, h, out] = process.argv.slice(2);
const b64 = readFileSync(src).toString("base64");
const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${w * 2}" height="${h * 2}" viewBox="${x} ${y} ${w} ${h}"><image width="1200" height="630" xlink:href="data:image/png;base64,${b64}"/></svg>`;
writeFileSync(out, new Resvg(svg).render().asPng());
