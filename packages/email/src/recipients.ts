import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { z } from "zod";

// The recipients file: CSV with a header row `email,name,locale` (more columns allowed).
// Read line by line, so a list of any length takes the same memory.

export interface ListedRecipient {
  email: string;
  name?: string;
  locale?: string;
  /** The line of the CSV file the recipient is on. */
  line: number;
}

export type RecipientEvent =
  | { kind: "recipient"; recipient: ListedRecipient }
  | { kind: "problem"; line: number; message: string };

const email = z.email();

/** Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** Reads recipients, skipping (and reporting) bad addresses and repeated ones. */
export async function* readRecipients(file: string): AsyncGenerator<RecipientEvent> {
  const lines = createInterface({
    input: createReadStream(file, "utf8"),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  const seen = new Set<string>();
  let columns: string[] | undefined;
  let n = 0;
  for await (const raw of lines) {
    n++;
    const line = raw.replace(/^\uFEFF/, "");
    if (line.trim() === "") continue;
    const fields = csvFields(line);
    if (!columns) {
      columns = fields.map((f) => f.toLowerCase());
      if (!columns.includes("email")) {
        yield {
          kind: "problem",
          line: n,
          message:
            'the first line must name the columns, with at least "email" (email,name,locale)',
        };
        return;
      }
      continue;
    }
    const get = (name: string) => {
      const i = columns?.indexOf(name) ?? -1;
      const value = i >= 0 ? fields[i] : undefined;
      return value === "" ? undefined : value;
    };
    const address = get("email") ?? "";
    if (!email.safeParse(address).success) {
      yield { kind: "problem", line: n, message: `"${address}" is not an email address; skipped` };
      continue;
    }
    const key = address.toLowerCase();
    if (seen.has(key)) {
      yield { kind: "problem", line: n, message: `${address} is listed more than once; sent once` };
      continue;
    }
    seen.add(key);
    yield {
      kind: "recipient",
      recipient: { email: address, name: get("name"), locale: get("locale"), line: n },
    };
  }
}
