import { createRequire } from "node:module";

// The XML checker loads with the first SVG: content without one (and herald check's start)
// never pays for it.
const require = createRequire(import.meta.url);
let validator: typeof import("fast-xml-parser").XMLValidator | undefined;

// An SVG opened on the site's own address is a document like an HTML page: a script in it
// runs with the site's origin. Herald refuses such SVG rather than rewriting it: a cleaned copy
// could still surprise (and would differ from what the designer sent), while a refusal that
// names the element and its line tells the author exactly what to remove.

export type SvgCheck = { ok: true } | { ok: false; what: string; line: number; broken?: boolean };

// Elements that run code, embed other documents or play media.
const forbiddenElements = new Set([
  "script",
  "foreignobject",
  "iframe",
  "embed",
  "object",
  "handler",
  "listener",
  "audio",
  "video",
  "frame",
  "frameset",
  "link",
  "meta",
  "base",
]);

const xhtml = "http://www.w3.org/1999/xhtml";
const safeDataImage = /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/i;

/** Decodes the five XML entities and character references (a DOCTYPE is refused, so no others). */
function decodeEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|lt|gt|amp|quot|apos);/gi, (_, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith("#x")) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16));
    if (lower.startsWith("#")) return String.fromCodePoint(Number.parseInt(lower.slice(1), 10));
    return { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" }[lower] ?? "";
  });
}

/** What in a piece of CSS could load something from elsewhere, or undefined. */
function unsafeCss(css: string): string | undefined {
  if (/@import/i.test(css)) return "@import";
  if (css.includes("\\")) return "a CSS escape (\\)";
  if (/expression\s*\(/i.test(css)) return "expression()";
  for (const match of css.matchAll(/url\s*\(\s*(['"]?)\s*([^'")]*)/gi)) {
    if (!(match[2] ?? "").startsWith("#")) return `url(${match[1]}${match[2]}${match[1]})`;
  }
  if (/image-set\s*\(/i.test(css)) return "image-set()";
  return undefined;
}

const localName = (name: string) => (name.split(":").pop() ?? name).toLowerCase();

/** Checks that an SVG can be published: well-formed, and nothing that runs or loads. */
export function checkSvg(text: string): SvgCheck {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const lineOf = (index: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((lineStarts[mid] as number) <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const refuse = (what: string, index: number): SvgCheck => ({
    ok: false,
    what,
    line: lineOf(index),
  });

  // Entities can fetch files or blow up (billion laughs); SVG needs none of them. A plain
  // public DOCTYPE (graphviz and old Inkscape write one) declares nothing and is harmless.
  const doctype = text.search(/<!ENTITY|<!DOCTYPE[^>[]*\[/i);
  if (doctype >= 0) return refuse("a DOCTYPE with declarations, or an ENTITY", doctype);
  validator ??= (require("fast-xml-parser") as typeof import("fast-xml-parser")).XMLValidator;
  const valid = validator.validate(text);
  if (valid !== true) {
    return { ok: false, what: valid.err.msg, line: valid.err.line, broken: true };
  }

  const stack: string[] = [];
  let at = 0;
  while (at < text.length) {
    const open = text.indexOf("<", at);
    if (open < 0) break;
    if (stack.at(-1) === "style") {
      const css = unsafeCss(decodeEntities(text.slice(at, open)));
      if (css) return refuse(`${css} in a <style> element`, at);
    }
    if (text.startsWith("<!--", open)) {
      at = text.indexOf("-->", open) + 3;
      continue;
    }
    if (text.startsWith("<![CDATA[", open)) {
      const end = text.indexOf("]]>", open);
      if (stack.at(-1) === "style") {
        const css = unsafeCss(text.slice(open + 9, end));
        if (css) return refuse(`${css} in a <style> element`, open);
      }
      at = end + 3;
      continue;
    }
    if (text.startsWith("<?", open)) {
      const end = text.indexOf("?>", open);
      if (/^<\?xml-stylesheet/i.test(text.slice(open))) {
        return refuse("an xml-stylesheet instruction", open);
      }
      at = end + 2;
      continue;
    }
    // A tag: find its end outside quoted attribute values.
    let end = open + 1;
    let quote = "";
    for (; end < text.length; end++) {
      const c = text[end];
      if (quote) {
        if (c === quote) quote = "";
      } else if (c === '"' || c === "'") quote = c;
      else if (c === ">") break;
    }
    const tag = text.slice(open + 1, end);
    at = end + 1;
    if (tag.startsWith("/")) {
      stack.pop();
      continue;
    }
    const name = tag.match(/^[^\s/>]+/)?.[0] ?? "";
    const element = localName(name);
    if (forbiddenElements.has(element)) return refuse(`a <${name}> element`, open);
    const attributes = [...tag.matchAll(/([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g)].map((m) => ({
      name: m[1] ?? "",
      value: decodeEntities(m[3] ?? m[4] ?? ""),
      index: open + 1 + (m.index ?? 0),
    }));
    for (const attribute of attributes) {
      const attr = localName(attribute.name);
      const value = attribute.value.trim();
      const what = `the attribute ${attribute.name}="${value.slice(0, 40)}" of <${name}>`;
      if (attr.startsWith("on")) return refuse(what, attribute.index);
      if (attribute.name.toLowerCase().startsWith("xmlns") && value === xhtml) {
        return refuse(what, attribute.index);
      }
      if (attr === "href" || attr === "src") {
        const local = value.startsWith("#");
        if (!local && (element !== "image" || !safeDataImage.test(value))) {
          // Links (<a href="https://…">) are fine; anything else must stay inside the file.
          if (!(element === "a" && /^(https?:|mailto:)/i.test(value))) {
            return refuse(what, attribute.index);
          }
        }
      }
      if (
        ["set", "animate", "animatetransform", "animatemotion"].includes(element) &&
        attr === "attributename" &&
        /(^|:)(href|on.*)$/i.test(value)
      ) {
        return refuse(what, attribute.index);
      }
      if (attr === "style" || /url\s*\(|@import|expression\s*\(/i.test(value)) {
        const css = unsafeCss(value);
        if (css) return refuse(`${css} in ${what}`, attribute.index);
      }
    }
    if (!tag.endsWith("/")) stack.push(element);
  }
  return { ok: true };
}

/**
 * The size an SVG is drawn at when nothing scales it: its width and height in px (or user
 * units), else its viewBox's. Undefined when it gives neither, or in other units (%, em).
 */
export function svgSize(text: string): { width: number; height: number } | undefined {
  const root = /<svg\b[^>]*>/i.exec(text)?.[0];
  if (!root) return undefined;
  const attribute = (name: string) =>
    new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, "i")
      .exec(root)
      ?.slice(1)
      .find((v) => v !== undefined);
  const length = (value: string | undefined) => {
    const m = value && /^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$/i.exec(value);
    return m ? Number(m[1]) : undefined;
  };
  const width = length(attribute("width"));
  const height = length(attribute("height"));
  const box = attribute("viewBox")
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  const boxSize =
    box?.length === 4 && box.every(Number.isFinite) && (box[2] ?? 0) > 0 && (box[3] ?? 0) > 0
      ? { width: box[2] as number, height: box[3] as number }
      : undefined;
  if (width && height) return { width, height };
  if (boxSize && width) return { width, height: (width * boxSize.height) / boxSize.width };
  if (boxSize && height) return { width: (height * boxSize.width) / boxSize.height, height };
  return boxSize;
}
