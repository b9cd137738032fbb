import { describe, expect, it } from "vitest";
import { checkSvg } from "./svg.js";
import { cleanSvg } from "./test-images.js";

const svg = (inner: string, attributes = "") =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"${attributes}>\n${inner}\n</svg>\n`;

describe("#9: SVG that could run code or load files is refused, naming what and where", () => {
  const hostile: Array<[string, string, string]> = [
    ["script", svg("<script>alert(1)</script>"), "a <script> element"],
    [
      "prefixed script",
      svg('<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>'),
      "a <s:script> element",
    ],
    ["onload", svg("", ' onload="alert(1)"'), 'the attribute onload="alert(1)" of <svg>'],
    ["foreignObject", svg("<foreignObject><p>hi</p></foreignObject>"), "a <foreignObject> element"],
    [
      "javascript: link",
      svg('<a xlink:href="javascript:alert(1)"><text>x</text></a>'),
      'the attribute xlink:href="javascript:alert(1)" of <a>',
    ],
    [
      "entity-encoded javascript: link",
      svg('<a href="&#106;avascript:alert(1)"><text>x</text></a>'),
      'the attribute href="javascript:alert(1)" of <a>',
    ],
    [
      "external use",
      svg('<use href="http://evil.example/sprite.svg#a"/>'),
      'the attribute href="http://evil.example/sprite.svg#a" of <use>',
    ],
    [
      "external image",
      svg('<image href="https://evil.example/track.png"/>'),
      'the attribute href="https://evil.example/track.png" of <image>',
    ],
    [
      "style url()",
      svg('<rect style="fill: url(http://evil.example/x)"/>'),
      'url(http://evil.example/x) in the attribute style="fill: url(http://evil.example/x)" of <rect>',
    ],
    [
      "style element @import",
      svg("<style>@import 'https://evil.example/a.css';</style>"),
      "@import in a <style> element",
    ],
    [
      "DOCTYPE",
      `<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n${svg("<text>&x;</text>")}`,
      "a DOCTYPE with declarations, or an ENTITY",
    ],
    [
      "animate href",
      svg('<a><set attributeName="href" to="javascript:alert(1)"/></a>'),
      'the attribute attributeName="href" of <set>',
    ],
    [
      "XHTML namespace",
      svg('<h:div xmlns:h="http://www.w3.org/1999/xhtml"/>'),
      'the attribute xmlns:h="http://www.w3.org/1999/xhtml" of <h:div>',
    ],
    [
      "stylesheet instruction",
      `<?xml-stylesheet href="https://evil.example/a.css"?>\n${svg("")}`,
      "an xml-stylesheet instruction",
    ],
  ];
  for (const [name, text, what] of hostile) {
    it(`#9: refuses ${name}`, () => {
      const check = checkSvg(text);
      expect(check).toMatchObject({ ok: false, what });
      if (!check.ok) expect(check.line).toBeGreaterThanOrEqual(1);
    });
  }

  it("#9: names the line of the offending element", () => {
    expect(checkSvg(svg('<rect/>\n<rect/>\n<circle onclick="x()"/>'))).toEqual({
      ok: false,
      what: 'the attribute onclick="x()" of <circle>',
      line: 4,
    });
  });

  it("#9: accepts a clean SVG with local references, gradients, comments and web links", () => {
    expect(checkSvg(cleanSvg)).toEqual({ ok: true });
    expect(
      checkSvg(svg('<image href="data:image/png;base64,iVBORw0KGgo="/><rect fill="url(#g)"/>')),
    ).toEqual({ ok: true });
  });

  it("#9: calls malformed XML broken, with its line", () => {
    expect(checkSvg(svg("<rect>\n<g></rect>"))).toMatchObject({ ok: false, broken: true, line: 3 });
  });
});
