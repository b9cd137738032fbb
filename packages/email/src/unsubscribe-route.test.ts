import { describe, expect, it } from "vitest";
import { fillUnsubscribeUrl } from "./unsubscribe.js";
import { acceptedLanguages, chooseLocale, unsubscribePage } from "./unsubscribe-page.js";
import { unsubscribeRoute } from "./unsubscribe-route.js";

// Where the unsubscribe server answers, and in which language (issue 12).

/** The path and query of the URL herald send writes into an email for these values. */
const sent = (template: string, email: string, token = "tok-EN_1", locale = "zh-CN") => {
  const url = new URL(fillUnsubscribeUrl(template, { email, token, locale }));
  return url.pathname + url.search;
};

describe("#12: the unsubscribe route", () => {
  it("#12: reads back what fillUnsubscribeUrl wrote, from the query and from path segments", () => {
    const templates = [
      "https://news.example.com/unsubscribe?email={email}&token={token}&lang={locale}",
      "https://news.example.com/u/{token}/{email}?lang={locale}",
      "https://news.example.com/u/{locale}/{token}/{email}",
      "https://news.example.com/leave/{token}.html?who={email}&l={locale}",
      "https://news.example.com/u/%7Btoken%7D?email=%7Bemail%7D&lang=%7Blocale%7D",
    ];
    const addresses = ["a+b@example.com", "O'Brien@Example.com", "jörg@bücher.de", "x/y@ex.org"];
    for (const template of templates) {
      const route = unsubscribeRoute(template);
      for (const email of addresses) {
        expect(route.match(sent(template, email)), `${template} ${email}`).toEqual({
          email,
          token: "tok-EN_1",
          locale: "zh-CN",
        });
      }
    }
  });

  it("#12: ignores the template's host and extra query parameters; another path is no match", () => {
    const route = unsubscribeRoute("https://news.example.com/unsubscribe?email={email}&t={token}");
    expect(route.path).toBe("/unsubscribe");
    expect(route.match("/unsubscribe?utm_source=x&email=a%40b.com&t=T&email=c%40d.com")).toEqual({
      email: "a@b.com",
      token: "T",
    });
    expect(route.match("/unsubscribe")).toEqual({});
    expect(route.match("/unsubscribe/")).toBeUndefined();
    expect(route.match("/other?email=a%40b.com&t=T")).toBeUndefined();
    expect(route.match("/")).toBeUndefined();
    const inPath = unsubscribeRoute("https://x.example/news/u/{token}/{email}");
    expect(inPath.path).toBe("/news/u/{token}/{email}");
    expect(inPath.match("/news/u/T/a%40b.com")).toEqual({ token: "T", email: "a@b.com" });
    expect(inPath.match("/news/u/T")).toBeUndefined();
    expect(inPath.match("/other/u/T/a%40b.com")).toBeUndefined();
    // Broken percent-encoding is no path of the template.
    expect(inPath.match("/news/u/T/%E0%A4%A")).toBeUndefined();
  });

  it("#12: a '+' of an address left unencoded in the query reads back as '+'", () => {
    const route = unsubscribeRoute("https://x.example/u?email={email}&token={token}");
    expect(route.match("/u?email=a+b@example.com&token=T")?.email).toBe("a+b@example.com");
  });

  it("#12: refuses {email} or {token} where a request cannot carry them back", () => {
    expect(() => unsubscribeRoute("https://x.example/u?{email}=1&token={token}")).toThrow(
      "{email} stands where the server cannot read it back",
    );
    expect(() => unsubscribeRoute("https://x.example/u?email={email}#{token}")).toThrow(
      "{token} stands where the server cannot read it back",
    );
  });
});

describe("#12: the language of the unsubscribe pages", () => {
  const site = { locales: ["zh-CN", "en", "ar", "zh-TW"], defaultLocale: "zh-CN" };

  it("#12: {locale} first when it is a site locale, then Accept-Language, then the default", () => {
    expect(chooseLocale(site, "ar", "en")).toBe("ar");
    expect(chooseLocale(site, "AR", undefined)).toBe("ar");
    expect(chooseLocale(site, "fr", "en-GB,en;q=0.8")).toBe("en");
    expect(chooseLocale(site, undefined, "fr-FR, ar-EG;q=0.9, en;q=0.8")).toBe("ar");
    expect(chooseLocale(site, undefined, "en;q=0.5, ar;q=0.9")).toBe("ar");
    expect(chooseLocale(site, undefined, "zh-HK")).toBe("zh-TW");
    expect(chooseLocale(site, undefined, "zh-SG")).toBe("zh-CN");
    expect(chooseLocale(site, undefined, "fr, de;q=0.5, *;q=0.1")).toBe("zh-CN");
    expect(chooseLocale(site, undefined, "ar;q=0, en;q=0.1")).toBe("en");
    expect(chooseLocale(site, undefined, "\u0000<script>")).toBe("zh-CN");
    expect(acceptedLanguages("de;q=0.5, fr-CH, fr;q=0.9, *;q=0.1")).toEqual(["fr-CH", "fr", "de"]);
  });

  it("#12: pages are in the locale, set right to left for Arabic, everything from the request escaped", () => {
    const email = `"<img src=x onerror=alert(1)>"@example.com`;
    const page = unsubscribePage({
      kind: "confirm",
      locale: "ar",
      site: { name: "Acme & <Sons>" },
      words: {},
      email,
    });
    expect(page.html).toContain('<html lang="ar" dir="rtl">');
    expect(page.html).not.toContain("<img");
    expect(page.html).toContain("&#34;&#60;img src=x onerror=alert(1)&#62;&#34;@example.com");
    expect(page.html).toContain("Acme &#38; &#60;Sons&#62;");
    expect(page.html).toContain(
      '<input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">إلغاء الاشتراك</button>',
    );
    expect(page.html).toContain("'Noto Naskh Arabic'");
    expect(page.styleHash).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
  });

  it("#12: in right-to-left text the company and the address are isolated, so Latin names keep their punctuation", () => {
    const input = { locale: "ar", site: { name: "Docker, Inc." }, words: {}, email: "a@b.com" };
    const done = unsubscribePage({ ...input, kind: "done" });
    expect(done.html).toContain(
      '<p>لن تصل رسائل المستثمرين من <bdi>Docker, Inc.</bdi> إلى <bdi class="address" dir="ltr">a@b.com</bdi> بعد الآن.</p>',
    );
    expect(done.text).toBe(
      "تم إلغاء اشتراكك\n\nلن تصل رسائل المستثمرين من \u2068Docker, Inc.\u2069 إلى \u2068a@b.com\u2069 بعد الآن.\n",
    );
    // Chinese spaces a Latin company name from Han text, and a Han one not at all.
    const zh = (name: string) =>
      unsubscribePage({
        kind: "done",
        locale: "zh-CN",
        site: { name },
        words: {},
        email: "a@b.com",
      }).text;
    expect(zh("Docker, Inc.")).toContain("Docker, Inc. 今后不会再向 a@b.com 发送投资者邮件。");
    expect(zh("字节跳动")).toContain("字节跳动今后不会再向 a@b.com 发送投资者邮件。");
  });

  it("#12: a content folder's labels.yaml words replace Herald's on the pages", () => {
    const page = unsubscribePage({
      kind: "done",
      locale: "en",
      site: { name: "Acme" },
      words: { en: { unsubscribed: "Done: no more mail" } },
      email: "a@b.com",
    });
    expect(page.html).toContain("<h1>Done: no more mail</h1>");
    expect(page.text).toBe(
      "Done: no more mail\n\nAcme will send no more investor emails to a@b.com.\n",
    );
  });
});
