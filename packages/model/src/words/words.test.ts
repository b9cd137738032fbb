import { parse, TYPE } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { formatMetric } from "../format.js";
import { lookupChain, missingWords, wordsFor } from "../labels.js";
import { en } from "./en.js";
import { dictionaries } from "./index.js";
import { slotsOf, type WordKey, wordKeys } from "./keys.js";

const keys = Object.keys(wordKeys) as WordKey[];
const tags = Object.keys(dictionaries);
const entries = tags.flatMap((tag) =>
  keys.map((key) => ({ tag, key, message: dictionaries[tag]?.[key] ?? "" })),
);

type Element = ReturnType<typeof parse>[number];

/** The argument names a parsed message uses, plural branches included. */
function slotsUsed(elements: readonly Element[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    if ("value" in element && typeof element.value === "string") into.add(element.value);
    if ("options" in element) {
      for (const option of Object.values(element.options)) slotsUsed(option.value, into);
    }
  }
  return into;
}

/** The text a message prints around its slots, all plural branches together. */
function textOf(elements: readonly Element[]): string {
  return elements
    .map((element) =>
      element.type === TYPE.literal
        ? element.value
        : "options" in element
          ? Object.values(element.options)
              .map((option) => textOf(option.value))
              .join("\n")
          : "",
    )
    .join("");
}
const text = (message: string) => textOf(parse(message, { ignoreTag: true }));

describe("#11: Herald's dictionaries", () => {
  it("#11: has words for every language the issue names, and Hebrew", () => {
    expect(tags.sort()).toEqual(
      [
        "ar",
        "de",
        "en",
        "es",
        "fr",
        "he",
        "it",
        "ja",
        "ko",
        "nl",
        "pt",
        "zh-Hans",
        "zh-Hant",
      ].sort(),
    );
  });

  it.each(tags)("#11: %s has every key and no other", (tag) => {
    expect(Object.keys(dictionaries[tag] ?? {}).sort()).toEqual([...keys].sort());
    for (const key of keys) expect(dictionaries[tag]?.[key]?.trim(), `${tag}.${key}`).not.toBe("");
  });

  it("#11: every message parses and uses exactly its key's slots (a count may be left out)", () => {
    const wrong: string[] = [];
    for (const { tag, key, message } of entries) {
      let used: Set<string>;
      try {
        used = slotsUsed(parse(message, { ignoreTag: true }));
      } catch (error) {
        wrong.push(`${tag}.${key}: does not parse (${String(error)})`);
        continue;
      }
      const slots = slotsOf(key);
      const expected = slots.filter((s) => s !== "count" || used.has("count"));
      if ([...used].sort().join() !== [...expected].sort().join()) {
        wrong.push(`${tag}.${key}: uses {${[...used].join("}, {")}}, expects ${slots.join(", ")}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("#11: apostrophes in text print as written, and none escapes a brace", () => {
    expect(wordsFor("fr").feed).toBe("Flux d'actualités (Atom)");
    expect(wordsFor("fr").boardMembers(2)).toBe("Arrivées au conseil d'administration");
    expect(wordsFor("it").unsubscribe).toBe("Annulla l'iscrizione");
    expect(wordsFor("nl").logos).toBe("Logo's");
    expect(wordsFor("nl").hires(3)).toBe("Nieuwe collega's");
    // An apostrophe right before a brace would make the brace text, not a slot.
    for (const { tag, key, message } of entries) {
      expect(/'[{}]/.test(message), `${tag}.${key}`).toBe(false);
    }
  });
});

describe("#11: plural forms", () => {
  const forms =
    (tag: string, key: "leadInvestors" | "participants" | "boardMembers" | "hires") =>
    (counts: number[]) =>
      counts.map((n) => wordsFor(tag)[key](n));

  it("#11: one and other in the European languages, for 1, 2 and 5", () => {
    const cases: Array<[string, Parameters<typeof forms>[1], string, string]> = [
      ["de", "leadInvestors", "Lead-Investor", "Lead-Investoren"],
      ["de", "participants", "Weiterer Investor", "Weitere Investoren"],
      ["de", "boardMembers", "Neues Board-Mitglied", "Neue Board-Mitglieder"],
      ["de", "hires", "Neuzugang", "Neuzugänge"],
      ["fr", "leadInvestors", "Chef de file", "Chefs de file"],
      ["fr", "participants", "Autre investisseur", "Autres investisseurs"],
      ["fr", "hires", "Nouvelle recrue", "Nouvelles recrues"],
      ["es", "leadInvestors", "Inversor líder", "Inversores líderes"],
      ["es", "participants", "Coinversor", "Coinversores"],
      ["es", "hires", "Nueva incorporación", "Nuevas incorporaciones"],
      ["pt", "leadInvestors", "Investidor líder", "Investidores líderes"],
      ["pt", "boardMembers", "Novo membro do conselho", "Novos membros do conselho"],
      ["pt", "hires", "Nova contratação", "Novas contratações"],
      ["it", "leadInvestors", "Investitore capofila", "Investitori capofila"],
      ["it", "boardMembers", "Nuovo membro del CdA", "Nuovi membri del CdA"],
      ["it", "hires", "Nuovo ingresso", "Nuovi ingressi"],
      ["nl", "leadInvestors", "Hoofdinvesteerder", "Hoofdinvesteerders"],
      ["nl", "boardMembers", "Nieuw bestuurslid", "Nieuwe bestuursleden"],
      ["nl", "hires", "Nieuwe collega", "Nieuwe collega's"],
      ["he", "leadInvestors", "משקיע מוביל", "משקיעים מובילים"],
      ["he", "hires", "מינוי חדש", "מינויים חדשים"],
    ];
    for (const [tag, key, one, other] of cases) {
      expect(forms(tag, key)([1, 2, 5]), `${tag}.${key}`).toEqual([one, other, other]);
    }
  });

  it("#11: Japanese and Korean have one form for every count", () => {
    expect(forms("ja", "leadInvestors")([1, 2, 5])).toEqual(Array(3).fill("リード投資家"));
    expect(forms("ja", "hires")([1, 2, 5])).toEqual(Array(3).fill("新メンバー"));
    expect(forms("ko", "participants")([1, 2, 5])).toEqual(Array(3).fill("참여 투자사"));
    expect(forms("ko", "boardMembers")([1, 2, 5])).toEqual(Array(3).fill("신규 이사"));
  });

  it("#11: Arabic has a singular, a dual and a plural (for 0, 3, 11 and 100 alike)", () => {
    const counts = [0, 1, 2, 3, 11, 100];
    const arabic = (one: string, two: string, other: string) => [
      other,
      one,
      two,
      other,
      other,
      other,
    ];
    expect(forms("ar", "leadInvestors")(counts)).toEqual(
      arabic("المستثمر الرئيسي", "المستثمران الرئيسيان", "المستثمرون الرئيسيون"),
    );
    expect(forms("ar", "participants")(counts)).toEqual(
      arabic("المستثمر المشارك", "المستثمران المشاركان", "المستثمرون المشاركون"),
    );
    expect(forms("ar", "boardMembers")(counts)).toEqual(
      arabic("عضو مجلس الإدارة الجديد", "عضوا مجلس الإدارة الجديدان", "أعضاء مجلس الإدارة الجدد"),
    );
    expect(forms("ar", "hires")(counts)).toEqual(
      arabic("تعيين جديد", "تعيينان جديدان", "تعيينات جديدة"),
    );
  });
});

describe("#11: choosing the dictionary", () => {
  it.each([
    ["zh-TW", "zh-Hant"],
    ["zh-HK", "zh-Hant"],
    ["zh-MO", "zh-Hant"],
    ["zh-CN", "zh-Hans"],
    ["zh-SG", "zh-Hans"],
    ["pt-BR", "pt"],
    ["pt-PT", "pt"],
    ["de-AT", "de"],
    ["de-CH", "de"],
    ["ar-EG", "ar"],
    ["ar-SA", "ar"],
    ["fr-CA", "fr"],
    ["es-MX", "es"],
    ["it-CH", "it"],
    ["nl-BE", "nl"],
    ["ja-JP", "ja"],
    ["ko-KR", "ko"],
    ["he-IL", "he"],
  ])("#11: %s takes the words of %s", (locale, tag) => {
    expect(lookupChain(locale)).toContain(tag);
    expect(missingWords(locale)).toEqual([]);
    const words = wordsFor(locale);
    const own = dictionaries[tag];
    expect(words.factSheet).toBe(own?.factSheet);
    expect(words.downloadPdf).toBe(own?.downloadPdf);
    expect(words.greetingWithoutName).toBe(own?.greetingWithoutName);
  });
});

describe("#11: words in context", () => {
  it("#11: French puts a narrow no-break space before : ; ! ? and nowhere a plain one", () => {
    for (const key of keys) {
      const message = text(dictionaries.fr?.[key] ?? "");
      expect(/[^\u202f][:;!?]/.test(message), `fr.${key}: ${message}`).toBe(false);
    }
    expect(wordsFor("fr").labelled("E-mail", "presse@example.com")).toBe(
      "E-mail\u202f: presse@example.com",
    );
  });

  it("#11: Japanese uses full-width punctuation and no spaces", () => {
    for (const key of keys) {
      const message = text(dictionaries.ja?.[key] ?? "");
      // The sample name is a name (family name, space, given name), not punctuation.
      if (key === "sampleRecipient" || key === "page") continue;
      expect(/[ (),:]/.test(message), `ja.${key}: ${message}`).toBe(false);
    }
    const ja = wordsFor("ja");
    expect(ja.credit("Jerry Chen", ja.roleAt("パートナー", "Greylock"))).toBe(
      "Jerry Chen（Greylockのパートナー）",
    );
    expect(ja.labelled(ja.email, "press@example.com")).toBe("メール：press@example.com");
  });

  it("#11: Arabic joins with the Arabic comma, never a Latin one", () => {
    for (const key of keys) {
      const message = text(dictionaries.ar?.[key] ?? "");
      expect(message.includes(","), `ar.${key}: ${message}`).toBe(false);
    }
    expect(wordsFor("ar").credit("Jerry Chen", "شريك في Greylock")).toBe(
      "\u2068Jerry Chen\u2069، شريك في Greylock",
    );
    expect(wordsFor("ar").greeting("Alex")).toBe("مرحبًا \u2068Alex\u2069،");
  });

  it("#11: the salutations are neutral and end as the language's letters end them", () => {
    const greetings = Object.fromEntries(tags.map((t) => [t, wordsFor(t).greeting("Alex")]));
    expect(greetings).toMatchObject({
      de: "Guten Tag Alex,",
      fr: "Bonjour Alex,",
      es: "Hola, Alex:",
      pt: "Olá, Alex,",
      it: "Gentile Alex,",
      nl: "Beste Alex,",
      ja: "Alex様",
      ko: "Alex 님, 안녕하세요.",
      // A Latin name in a right-to-left sentence is isolated (FSI … PDI): "Alex" keeps its
      // place before the comma.
      ar: "مرحبًا \u2068Alex\u2069،",
      he: "שלום \u2068Alex\u2069,",
    });
  });

  it("#11: a qualified figure takes its unit where each language puts it", () => {
    const metric = (qualifier: "over" | "about", unit: string) => ({
      label: "x",
      value: 300,
      qualifier,
      unit,
    });
    const say = (locale: string, qualifier: "over" | "about", unit: string) =>
      formatMetric(metric(qualifier, unit) as never, locale, wordsFor(locale));
    expect(say("de", "over", "Mitwirkende")).toBe("mehr als 300\u00a0Mitwirkende");
    expect(say("fr", "about", "contributeurs")).toBe("environ 300\u00a0contributeurs");
    expect(say("ja", "over", "社")).toBe("300社以上");
    expect(say("ja", "about", "人")).toBe("約300人");
    expect(say("ko", "over", "명")).toBe("300 명 이상");
    expect(say("ko", "about", "명")).toBe("약 300 명");
    expect(say("ar", "over", "مدينة")).toMatch(/^أكثر من \S+ مدينة$/);
  });

  it("#11: page numbers in the press kit's footer", () => {
    expect(wordsFor("de").page(1, 4)).toBe("Seite 1 von 4");
    expect(wordsFor("fr").page(1, 4)).toBe("Page 1 sur 4");
    expect(wordsFor("ja").page(1, 4)).toBe("1 / 4");
    expect(wordsFor("ar").page(1, 4)).toBe("صفحة 1 من 4");
  });
});

// Messages that may read exactly as the English one, with why. Everything else in a
// dictionary other than English must differ from English: a word left untranslated.
const sameAsEnglish: Partial<Record<WordKey, { tags: string[]; why: string }>> = {
  pixels: {
    tags: ["de", "es", "fr", "it", "ko", "nl", "pt"],
    why: "px is the unit's international symbol",
  },
  website: { tags: ["de", "nl"], why: "German and Dutch say Website" },
  pagination: { tags: ["fr"], why: "French says Pages too" },
  social: { tags: ["it"], why: "Italian says social media" },
  page: { tags: ["ja", "ko", "zh-Hans", "zh-Hant"], why: "CJK footers number pages 1 / 4" },
  withUnit: { tags: ["ko", "ar", "he"], why: "a word space between figure and unit" },
  quoteBy: { tags: ["ko", "ar", "he"], why: "the same dash and space before the attribution" },
  credit: {
    tags: ["de", "fr", "es", "pt", "it", "nl", "he"],
    why: "these languages join a name and a role with the same comma",
  },
  roleAt: { tags: ["pt", "he"], why: "a comma, since a preposition would need a gendered article" },
  withNote: {
    tags: ["de", "fr", "es", "pt", "it", "nl", "ar", "he"],
    why: "the same parentheses (bidi mirrors them in Arabic and Hebrew)",
  },
  alongside: {
    tags: ["ko", "de", "fr", "es", "pt", "it", "nl", "he"],
    why: "these languages put details side by side with the same comma",
  },
  labelled: {
    tags: ["de", "es", "pt", "it", "nl", "ko", "ar", "he"],
    why: "the same colon and space (French alone spaces before it)",
  },
  logos: { tags: ["de", "fr"], why: "Logos is the German and French plural too" },
  links: { tags: ["de", "nl", "pt"], why: "Links is the German, Dutch and Brazilian word" },
  round: { tags: ["it"], why: "Italian finance says round (il round di Serie A)" },
  footnotes: { tags: ["fr"], why: "Notes is the French word too" },
  update: { tags: ["nl"], why: "Dutch newsrooms say Update" },
  updateOn: {
    tags: ["de", "fr", "es", "pt", "it", "nl", "ko", "he"],
    why: "a label and its date joined with the same comma",
  },
};

describe("#11: no English left in other languages", () => {
  it("#11: no message reads exactly as the English one unless the allowlist says why", () => {
    const same = entries
      .filter(({ tag, key, message }) => tag !== "en" && message === en[key])
      .map(({ tag, key }) => `${tag}.${key}`);
    const allowed = Object.entries(sameAsEnglish).flatMap(([key, v]) =>
      (v?.tags ?? []).map((tag) => `${tag}.${key}`),
    );
    expect(same.filter((s) => !allowed.includes(s))).toEqual([]);
    // An allowance no longer needed is removed, so the list stays a list of real cases.
    expect(allowed.filter((a) => !same.includes(a))).toEqual([]);
  });
});
