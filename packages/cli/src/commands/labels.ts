import { labelsTemplate } from "@herald/model";
import { UsageError } from "../errors.js";
import { type Io, println } from "../io.js";

export const labelsUsage = `herald labels --locale LOCALE

Prints a labels.yaml for LOCALE: every interface word Herald prints (headings, labels, the
email's greeting and footer), what each is for, and the words to start from. Save it in the
content folder as labels.yaml (or add its lines to the one there), translate, then run
herald check. Example: herald labels --locale sv > content/labels.yaml`;

export async function labels(io: Io, options: { locale?: string }): Promise<number> {
  const { locale } = options;
  if (!locale) throw new UsageError("labels needs --locale, like --locale sv.", { brief: true });
  let standard: string;
  try {
    // The form site.yaml must use too: ZH-tw is zh-TW.
    standard = Intl.getCanonicalLocales(locale)[0] ?? locale;
  } catch {
    throw new UsageError(`"${locale}" is not a language code: write one like sv, pt-BR or zh-TW.`, {
      brief: true,
    });
  }
  println(io.stdout, labelsTemplate(standard).trimEnd());
  return 0;
}
