import { createReadStream, statSync } from "node:fs";
import { isUtf16 } from "@herald/model";
import { type Address, parseAddress } from "./address.js";
import { SendError } from "./errors.js";
import { shown } from "./shown.js";

// The recipients file: CSV (RFC 4180) in UTF-8 with a header row `email,name,locale` (more
// columns allowed, any case, an optional BOM). Streamed, so a list of any length takes the
// same memory. Problems with the whole file stop the send before anyone gets a message;
// problems with one row skip that row.

export interface ListedRecipient {
  email: string;
  /** The address parsed: wire form, SMTPUTF8 need, duplicate key. */
  address: Address;
  name?: string;
  locale?: string;
  /** The line of the CSV file the recipient starts on. */
  line: number;
}

export type RecipientEvent =
  | { kind: "recipient"; recipient: ListedRecipient }
  | { kind: "problem"; line: number; message: string };

const COLUMNS = "email,name,locale";

/** Splits one CSV record (RFC 4180 quoting; a quoted field may hold line breaks). */
export function csvFields(record: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/** Whether a record so far leaves a quoted field open (it goes on on the next line). */
export const opensQuote = (record: string) => {
  let quoted = false;
  let fieldStart = true;
  for (let i = 0; i < record.length; i++) {
    const c = record[i];
    if (quoted) {
      if (c === '"' && record[i + 1] === '"') i++;
      else if (c === '"') {
        // A quote after the closing one is text (as csvFields reads it), not a new field.
        quoted = false;
        fieldStart = false;
      }
    } else if (c === '"' && fieldStart) quoted = true;
    else if (c === ",") fieldStart = true;
    else if (c !== " " && c !== "\t") fieldStart = false;
  }
  return quoted;
};

/** The file's lines, decoded strictly as UTF-8, with their numbers. */
async function* lines(file: string): AsyncGenerator<{ n: number; text: string }> {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let pending: Buffer = Buffer.alloc(0);
  let n = 0;
  const decode = (bytes: Buffer, line: number) => {
    if (bytes.includes(0)) {
      if (isUtf16(bytes))
        throw new SendError(`${file}: this file is UTF-16 text; save it as UTF-8 (CSV UTF-8).`);
      throw new SendError(
        `${file}:${line}: this is not a text file (it has NUL bytes); export the list as CSV (UTF-8).`,
      );
    }
    try {
      return decoder.decode(bytes);
    } catch (error) {
      throw new SendError(
        `${file}:${line}: this line is not UTF-8 text; save the file as UTF-8 (CSV UTF-8).`,
        { cause: error },
      );
    }
  };
  // Lines end in LF or CRLF, or in a lone CR (old Mac exports, which have no LF at all).
  const split = (bytes: Buffer) =>
    decode(bytes, n + 1)
      .replace(/\r$/, "")
      .split("\r");
  for await (const chunk of createReadStream(file)) {
    let data = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
    let at = data.indexOf(10);
    while (at >= 0) {
      for (const text of split(data.subarray(0, at))) {
        n++;
        yield { n, text: n === 1 ? text.replace(/^\uFEFF/, "") : text };
      }
      data = data.subarray(at + 1);
      at = data.indexOf(10);
    }
    pending = Buffer.from(data);
  }
  if (pending.length) {
    for (const text of split(pending)) {
      n++;
      yield { n, text: n === 1 ? text.replace(/^\uFEFF/, "") : text };
    }
  }
}

const headerProblem = (file: string, line: number, found: string) => {
  const shown = JSON.stringify(found).slice(1, -1);
  const why = found.includes(";")
    ? 'this file seems to use ";" between fields'
    : found.includes("\t")
      ? "this file seems to use tabs between fields"
      : found.includes("@")
        ? `it looks like a recipient: add the line ${COLUMNS} above it`
        : 'there is no column "email"';
  return new SendError(
    `${file}:${line}: the first line must name the columns, separated by commas: ${COLUMNS} (found "${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}"; ${why}).\n  Fix: save the list as CSV with commas (CSV UTF-8) and the first line ${COLUMNS}.`,
  );
};

/** Checks that `file` can be a recipients file at all (it exists and is a file). */
export function checkRecipientsFile(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch (error) {
    throw new SendError(
      `There is no recipients file at ${file}.\n  Fix: pass a CSV file with the columns ${COLUMNS}.`,
      {
        cause: error,
      },
    );
  }
  if (!isFile) throw new SendError(`${file} is a folder, not a CSV file.`);
}

/**
 * The records of a CSV file with their first line numbers; blank rows (and the ",,," rows
 * spreadsheets export) left out.
 */
export async function* csvRecords(
  file: string,
): AsyncGenerator<{ line: number; fields: string[]; raw: string }> {
  let record = "";
  let recordLine = 0;
  for await (const { n, text } of lines(file)) {
    if (record === "") {
      recordLine = n;
      if (text.trim() === "") continue;
      record = text;
    } else record += `\n${text}`;
    if (opensQuote(record)) continue;
    const fields = csvFields(record);
    const raw = record;
    record = "";
    if (fields.every((f) => f === "")) continue;
    yield { line: recordLine, fields, raw };
  }
  if (record !== "")
    throw new SendError(
      `${file}:${recordLine}: a quoted field (starting with ") is never closed.\n  Fix: close the quote, or double a quote inside a quoted field ("").`,
    );
}

/** Reads recipients, skipping (and reporting) bad addresses and repeated ones. */
export async function* readRecipients(file: string): AsyncGenerator<RecipientEvent> {
  checkRecipientsFile(file);
  const seen = new Set<string>();
  let columns: string[] | undefined;
  let any = false;
  for await (const { line: recordLine, fields, raw } of csvRecords(file)) {
    any = true;
    if (!columns) {
      columns = fields.map((f) => f.toLowerCase());
      if (!columns.includes("email")) throw headerProblem(file, recordLine, raw);
      continue;
    }
    const get = (name: string) => {
      const i = columns?.indexOf(name) ?? -1;
      const value = i >= 0 ? fields[i] : undefined;
      return value === "" ? undefined : value;
    };
    const email = get("email") ?? "";
    const address = parseAddress(email);
    if (!address) {
      yield {
        kind: "problem",
        line: recordLine,
        message: `"${shown(email)}" is not an email address; skipped`,
      };
      continue;
    }
    if (seen.has(address.key)) {
      yield {
        kind: "problem",
        line: recordLine,
        message: `${shown(email)} is listed more than once; sent once`,
      };
      continue;
    }
    seen.add(address.key);
    yield {
      kind: "recipient",
      recipient: { email, address, name: get("name"), locale: get("locale"), line: recordLine },
    };
  }
  if (!any)
    throw new SendError(
      `${file}: the file is empty; it needs a first line ${COLUMNS} and a line per recipient.`,
    );
}
