import { fontStacks, isGenericFamily } from "@herald/model";

// The page's font stacks (the families are the model's, shared with the email), as :lang()
// rules, so a name in another language inside the page takes its own language's faces.

/** A font-family value: generic names bare, the others quoted. */
export const familyList = (families: readonly string[]): string =>
  families.map((f) => (isGenericFamily(f) ? f : `"${f}"`)).join(", ");

/** The `--sans` custom property for every language, as :lang() rules. */
export const fontRules = (): string =>
  fontStacks
    .map(({ languages, families }) => {
      const selector = languages.length ? languages.map((l) => `:lang(${l})`).join(", ") : ":root";
      return `${selector} { --sans: ${familyList(families)}; }`;
    })
    .join("\n");
