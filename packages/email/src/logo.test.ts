import type { Content } from "@herald/model";
import { worldContentDir } from "@herald/model/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { documentOf, emailOf, load, loadRich, loadSample, reader } from "../test/content.js";
import { compileEmail } from "./render.js";

// Issue 13: the company's logo at the top of the email, as the PNG the website build makes
// (`company.brand.png`, 160 px high) shown 40 px high.

let rich: Content;
let sample: Content;
let world: Content;
beforeAll(async () => {
  [rich, sample, world] = await Promise.all([loadRich(), loadSample(), load(worldContentDir)]);
});

/** The opening tag of the logo image, if there is one. */
const logoOf = (html: string) => html.match(/<img\b[^>]*class="logo"[^>]*>/)?.[0];

describe("#13: the logo at the top of the email", () => {
  it("#13: the sample's logo: the site's PNG at its absolute https address, 40 px high, its width scaled, the company's name beside it", () => {
    const document = documentOf(sample, "en");
    const { png } = document.company.brand;
    expect(png.src.url).toBe("https://newsroom.example.com/logo.png");
    const logo = logoOf(emailOf(sample, "en").html);
    expect(logo).toBeDefined();
    expect(logo).toContain('src="https://newsroom.example.com/logo.png"');
    // A square mark (160 × 160): 40 × 40.
    expect(logo).toMatch(/ width="40"/);
    expect(logo).toMatch(/ height="40"/);
    // A mark does not say the name: the name stands beside it as text, which reads with
    // images blocked too (an alt text would be cut to the 40 px box: "Doc"); the image
    // itself is then decoration, so it is not read out twice.
    expect(logo).toMatch(/ alt(="")?[ >]/);
    expect(emailOf(sample, "en").html).toMatch(
      /<td class="top-name"[^>]*><span class="top-name-text" dir="ltr"[^>]*>Docker, Inc\.<\/span><\/td>/,
    );
    expect(logo).toContain('border="0"');
    // Inline too: clients that drop <style> or ignore the attributes (Outlook.com scales by
    // the style) keep the size; display:block leaves no gap under the image.
    expect(logo).toMatch(/style="[^"]*display: ?block/);
    expect(logo).toMatch(/style="[^"]*width: ?40px/);
    expect(logo).toMatch(/style="[^"]*height: ?40px/);
    // First in the email, before the greeting.
    const html = emailOf(sample, "en").html;
    expect(html.indexOf('class="logo"')).toBeLessThan(html.indexOf("<h1"));
    expect(html.match(/class="logo"/g)).toHaveLength(1);
  });

  it("#13: a wide logo (240 × 60, the rich fixture's) is as wide as its shape at 40 px: 160 × 40", () => {
    const logo = logoOf(emailOf(rich, "en").html);
    expect(logo).toContain('src="https://news.acme.example/logo.png"');
    expect(logo).toMatch(/ width="160" height="40"/);
    expect(logo).toMatch(/style="[^"]*width: ?160px/);
    // A wordmark says the name itself: no name beside it, the name as its alt text, small
    // enough to be read whole in its box when images are blocked.
    expect(logo).toContain('alt="Acme Robotics"');
    expect(logo).toMatch(/style="[^"]*font-size: ?1[0-3]px/);
    expect(emailOf(rich, "en").html).not.toContain('class="top-name"');
    // In Chinese the alt is the company's name as it is written there.
    expect(logoOf(emailOf(rich, "zh-CN").html)).toContain('alt="Acme Robotics"');
  });

  it("#13: a very wide logo fits a 200 × 40 box: lower, never wider, so it leaves room on a phone", () => {
    const document = documentOf(rich, "en");
    const wide = {
      ...document,
      company: {
        ...document.company,
        brand: {
          ...document.company.brand,
          png: { ...document.company.brand.png, width: 1280, height: 160 },
        },
      },
    };
    const logo = logoOf(compileEmail(rich.site, wide).personalize(reader).html);
    expect(logo).toMatch(/ width="200" height="25"/);
  });

  it("#13: without a logo in site.yaml, the company's name as text, no monogram image", () => {
    expect(world.site.logo).toBeUndefined();
    const { html } = emailOf(world, "en");
    expect(logoOf(html)).toBeUndefined();
    expect(html).not.toContain("logo.png");
    expect(html).toMatch(/<td class="top"[^>]*>Lumora Robotics · <a /);
  });

  it("#13: right to left, the logo stands on the right", () => {
    const document = documentOf(rich, "en");
    const rtl = { ...document, direction: "rtl" as const };
    const { html } = compileEmail(rich.site, rtl).personalize(reader);
    expect(html).toMatch(/<td class="top-logo"[^>]*align="right"/);
  });

  it("#13: the text part does not mention the logo; the company is named in its signature", () => {
    const { text } = emailOf(sample, "en");
    expect(text).not.toMatch(/logo/i);
    expect(text).toContain("\n-- \nDocker, Inc.\n");
  });
});
