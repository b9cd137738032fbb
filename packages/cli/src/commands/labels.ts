import { labelsTemplate } from "@herald/model";
import { UsageError } from "../errors.js";
import { type Io, println } from "../io.js";

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
