import { type core, z } from "zod";
import { type Diagnostic, diagnose, didYouMean } from "./diagnostics.js";
import { type CheckParams, decimalsOf, YEARS } from "./schema.js";
import { hideCredentials } from "./url-credentials.js";
import type { YamlSource } from "./yaml-source.js";

type Issue = core.$ZodIssue;
type Schema = z.ZodType;

const currencies = Intl.supportedValuesOf("currency");

const unwrap = (schema: Schema): Schema => {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s.unwrap() as Schema;
  return s;
};

/** The schema of the value at `path`, with its description, if the path exists in the schema. */
function schemaAt(root: Schema, path: readonly PropertyKey[]): Schema | undefined {
  let schema: Schema | undefined = root;
  for (const segment of path) {
    const inner: Schema | undefined = schema && unwrap(schema);
    if (inner instanceof z.ZodObject) schema = inner.shape[String(segment)] as Schema | undefined;
    else if (inner instanceof z.ZodArray) schema = inner.element as Schema;
    else if (inner instanceof z.ZodRecord) schema = inner.valueType as Schema;
    else return undefined;
  }
  return schema;
}

const describeExpected = (schema: Schema | undefined, expected: string): string => {
  const inner = schema && unwrap(schema);
  if (inner instanceof z.ZodUnion) return "text, or one text per language (like en: …)";
  switch (expected) {
    case "string":
      return "text";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list (lines starting with -)";
    case "object":
    case "record":
      return "a group of fields (name: value)";
    default:
      return expected;
  }
};

const describeValue = (value: unknown): string => {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "empty";
  if (typeof value === "object") return "a group of fields";
  if (typeof value === "string") {
    // A whole page pasted into a number field must not fill the terminal.
    const chars = [...value];
    return `the text "${chars.length > 80 ? `${chars.slice(0, 80).join("")}…` : value}"`;
  }
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `the value ${value}`;
  return typeof value;
};

/**
 * Validates parsed YAML data against a schema and turns every zod issue into a located,
 * plain-words diagnostic. Returns the parsed value only when there were no issues.
 */
export function validate<S extends Schema>(
  schema: S,
  source: YamlSource,
): { value?: z.infer<S>; diagnostics: Diagnostic[] } {
  const result = schema.safeParse(source.data, { reportInput: true });
  if (result.success) return { value: result.data, diagnostics: [] };
  const diagnostics = result.error.issues.flatMap((issue) =>
    toDiagnostics(issue, [], schema, source),
  );
  return { diagnostics };
}

function toDiagnostics(
  issue: Issue,
  prefix: readonly PropertyKey[],
  root: Schema,
  source: YamlSource,
): Diagnostic[] {
  const path = [...prefix, ...issue.path];
  const here = () => source.at(path);
  const fieldSchema = schemaAt(root, path);
  const description = fieldSchema?.description;
  const optional = fieldSchema instanceof z.ZodOptional || fieldSchema instanceof z.ZodDefault;
  const input = (issue as { input?: unknown }).input;
  const typeProblem = (expected: string): Diagnostic => {
    // YAML reads .inf, .nan and 1e400 as numbers no output can print.
    if (typeof input === "number" && !Number.isFinite(input)) return diagnose("not-finite", here());
    if (input === undefined) {
      return diagnose("missing-field", here(), {
        key: String(path.at(-1) ?? "value"),
        description,
      });
    }
    if (input === null) return diagnose("empty-value", here(), { description, optional });
    return diagnose("wrong-type", here(), {
      expected: describeExpected(fieldSchema, expected),
      got: describeValue(input),
      description,
    });
  };

  switch (issue.code) {
    case "invalid_union": {
      // A branch whose errors all sit below this value matched its shape: report those.
      const matched = issue.errors.find((branch) => branch.every((e) => e.path.length > 0));
      if (matched) return matched.flatMap((e) => toDiagnostics(e, path, root, source));
      return [typeProblem("union")];
    }
    case "invalid_type":
      return [typeProblem(issue.expected)];
    case "unrecognized_keys": {
      const object = fieldSchema && unwrap(fieldSchema);
      const allowed = object instanceof z.ZodObject ? Object.keys(object.shape) : [];
      return issue.keys.map((key) =>
        diagnose("unknown-key", source.atKey(path, key), {
          key,
          allowed,
          suggestion: didYouMean(key, allowed),
        }),
      );
    }
    case "too_small":
    case "too_big": {
      if (issue.origin === "number") {
        const bound = String(issue.code === "too_small" ? issue.minimum : issue.maximum);
        const rule =
          issue.code === "too_small"
            ? `${issue.inclusive ? "at least" : "greater than"} ${bound}`
            : `${issue.inclusive ? "at most" : "less than"} ${bound}`;
        return [diagnose("number-out-of-range", here(), { value: input, rule })];
      }
      if (issue.code === "too_big" && typeof input === "string") {
        return [diagnose("too-long", here(), { length: input.length, max: Number(issue.maximum) })];
      }
      return [diagnose("empty-value", here(), { description, optional })];
    }
    case "not_multiple_of":
      return [
        diagnose("number-out-of-range", here(), {
          value: input,
          rule: `a multiple of ${issue.divisor}`,
        }),
      ];
    case "invalid_value":
      return [
        diagnose("not-allowed-value", here(), {
          value: input,
          allowed: issue.values.map(String),
          suggestion: didYouMean(String(input), issue.values.map(String)),
        }),
      ];
    case "invalid_format":
      if (issue.format === "email") return [diagnose("bad-email", here(), { value: input })];
      return [
        diagnose("wrong-type", here(), { expected: issue.format, got: describeValue(input) }),
      ];
    case "invalid_key":
      // A map's key that is not what the map allows (labels.yaml: a locale): its own problem.
      return issue.issues.flatMap((inner) =>
        toDiagnostics({ ...inner, path: [] } as Issue, path, root, source),
      );
    case "invalid_element":
      // Sets with checked elements: not in the content format, but told plainly if added.
      return [typeProblem("object")];
    case "custom": {
      const params = (issue.params ?? {}) as Partial<CheckParams>;
      const kind = params.kind;
      switch (kind) {
        case "bad-currency":
          return [
            diagnose("bad-currency", here(), {
              value: input,
              suggestion: didYouMean(String(input).toUpperCase(), currencies),
            }),
          ];
        case "unsafe-link":
          return [diagnose("unsafe-link", here(), { value: String(input) })];
        case "url-with-credentials":
          return [diagnose(kind, here(), { value: hideCredentials(String(input)) })];
        case "bad-site-url":
          return [diagnose(kind, here(), { value: String(input) })];
        case "date-out-of-range":
          return [diagnose(kind, here(), { value: input, ...YEARS })];
        case "too-many-decimals": {
          const value = Number(input);
          return [
            diagnose(kind, here(), {
              value,
              decimals: decimalsOf(value),
              digits: params.digits ?? 0,
              what: params.what ?? "numbers here",
            }),
          ];
        }
        case "locale-case":
          return [
            diagnose(kind, here(), {
              value: String(input),
              standard: Intl.getCanonicalLocales(String(input))[0] ?? String(input),
            }),
          ];
        case "bad-date":
        case "bad-moment":
        case "moment-without-offset":
        case "bad-url":
        case "bad-locale":
        case "bad-id":
          return [diagnose(kind, here(), { value: input })];
        case undefined:
          // A check without a kind is a schema written without its catalogue entry: a bug.
          throw new Error(`Unhandled custom check at ${path.join(".")}: ${issue.message}`);
        default:
          return unreachable(kind);
      }
    }
    default:
      return unreachable(issue);
  }
}

/** Type-checks that every case is handled: adding a zod issue or a check kind fails to compile. */
function unreachable(value: never): never {
  throw new Error(`Unhandled validation issue ${JSON.stringify(value)}`);
}
