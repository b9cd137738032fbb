import { describe, expect, it } from "vitest";
import { checkWordMessages } from "./check-words.js";
import type { ContentWords } from "./labels.js";
import { parseYaml } from "./yaml-source.js";

/** The problems `checkWordMessages` finds in a labels.yaml, as "line:column code: message". */
function problemsOf(yaml: string): string[] {
  const source = parseYaml(yaml, "labels.yaml");
  return checkWordMessages(source.data as ContentWords, source).map(
    (d) => `${d.line}:${d.column} ${d.code}: ${d.message}`,
  );
}

describe("checkWordMessages", () => {
  it("#11: refuses what the parser accepts but Herald cannot print as meant", () => {
    expect(problemsOf('en:\n  page: "{page, date} / {total, time}"\n')).toEqual([
      "2:9 bad-words-message: This message cannot be read: {page, …} formats a value Herald already gives as text: write {page}.",
      "2:9 bad-words-message: This message cannot be read: {total, …} formats a value Herald already gives as text: write {total}.",
    ]);
    expect(problemsOf('en:\n  greeting: "{name, plural, one {x} other {y}}"\n')).toEqual([
      "2:13 bad-words-message: This message cannot be read: only {count} chooses words by a number, not {name}.",
    ]);
    expect(problemsOf('en:\n  hires: "{count, plural, onee {x} other {y}}"\n')).toEqual([
      '2:10 bad-words-message: This message cannot be read: "onee" is not a plural form in this language: use one, other (or =0, =1…).',
    ]);
    expect(problemsOf('en:\n  hires: "{count, plural, one {x} other {y}}}"\n')).toHaveLength(1);
    expect(problemsOf("en:\n  about: \"L'{company} d'abord\"\n")[0]).toContain(
      "an apostrophe right before { starts quoted text",
    );
  });

  it("#11: says the parser's errors in words, never its codes", () => {
    for (const message of [
      "{count, plural}",
      "{count, plural, one {x} other}",
      "{count, plural, one {x} one {y} other {z}}",
      "{count, select}",
    ]) {
      const [problem] = problemsOf(`en:\n  hires: "${message}"\n`);
      expect(problem, message).toMatch(/bad-words-message: This message cannot be read: [a-z]/);
      expect(problem, message).not.toMatch(/[A-Z]{3,}_|_[a-z]+_/);
    }
  });

  it("#11: accepts escaped braces, plural forms of the language, =N, select and ’", () => {
    expect(
      problemsOf(
        [
          "en:",
          "  about: \"About '{'{company}'}'\"",
          '  hires: "{count, plural, =0 {No one} one {One hire} other {# hires}}"',
          "fr:",
          '  about: "L’équipe de {company}"',
          '  hires: "{count, plural, one {Recrue} many {Recrues} other {Recrues}}"',
          "",
        ].join("\n"),
      ),
    ).toEqual([]);
  });
});
