import { spawn } from "node:child_process";
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { failure } from "../test/failure.js";
import { SuppressionList } from "./suppressions.js";

// Real files in a temporary folder; the cross-process test runs two real node processes on the
// built package (dist/), as the unsubscribe server and an import would.

const dir = mkdtempSync(join(tmpdir(), "herald-suppressions-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
/** A new path in the temporary folder, with `content` written to it unless undefined. */
const file = (content?: string | Uint8Array) => {
  const path = join(dir, `list-${++n}.csv`);
  if (content !== undefined) writeFileSync(path, content);
  return path;
};
const text = (path: string) => readFileSync(path, "utf8");
const DATE = "2026-01-02T03:04:05Z";

/** Each data line of the list: [email, reason, date] as written (quotes included). */
const rows = (path: string) =>
  text(path)
    .split("\n")
    .slice(1)
    .filter((l) => l !== "");

describe("SuppressionList", () => {
  it("#12: a new file gets the header, then one line per address", async () => {
    const path = file();
    const list = await SuppressionList.read(path);
    expect(list.size).toBe(0);
    const added = await list.add([
      { email: "bob@example.com", reason: "added by hand", date: DATE },
      { email: "ann@example.com", reason: "hard bounce 5.1.1: user unknown", date: DATE },
    ]);
    expect(added.map((s) => s.email)).toEqual(["bob@example.com", "ann@example.com"]);
    expect(text(path)).toBe(
      `email,reason,date\nbob@example.com,added by hand,${DATE}\nann@example.com,hard bounce 5.1.1: user unknown,${DATE}\n`,
    );
    const again = await SuppressionList.read(path);
    expect(again.find("ann@example.com")).toEqual({
      email: "ann@example.com",
      reason: "hard bounce 5.1.1: user unknown",
      date: DATE,
    });
  });

  it("#12: the date defaults to now, in seconds", async () => {
    const path = file();
    const before = Date.now();
    const [added] = await (await SuppressionList.read(path)).add([
      { email: "bob@example.com", reason: "x" },
    ]);
    expect(added?.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Date.parse(added?.date ?? "")).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
  });

  it("#12: a list saved without a final line break gets its next row on a line of its own", async () => {
    const path = file(`email,reason,date\nann@example.com,old,${DATE}`);
    const list = await SuppressionList.read(path);
    await list.add([{ email: "bob@example.com", reason: "new", date: DATE }]);
    expect(text(path)).toBe(
      `email,reason,date\nann@example.com,old,${DATE}\nbob@example.com,new,${DATE}\n`,
    );
    expect((await SuppressionList.read(path)).size).toBe(2);
  });

  it("#12: a list saved by a spreadsheet (BOM, CRLF, columns in another order) is read and added to in its own column order", async () => {
    const path = file(`\uFEFFDate,Email,Reason\r\n${DATE},ann@example.com,old\r\n`);
    const list = await SuppressionList.read(path);
    expect(list.find("ANN@example.com")?.reason).toBe("old");
    await list.add([{ email: "bob@example.com", reason: "new", date: DATE }]);
    expect(text(path)).toBe(
      `\uFEFFDate,Email,Reason\r\n${DATE},ann@example.com,old\r\n${DATE},bob@example.com,new\n`,
    );
    const again = await SuppressionList.read(path);
    expect(again.find("bob@example.com")).toEqual({
      email: "bob@example.com",
      reason: "new",
      date: DATE,
    });
  });

  it("#12: a file of blank lines is an empty list and gets the header", async () => {
    const path = file("\n \n");
    const list = await SuppressionList.read(path);
    expect(list.size).toBe(0);
    await list.add([{ email: "bob@example.com", reason: "x", date: DATE }]);
    expect((await SuppressionList.read(path)).find("bob@example.com")?.reason).toBe("x");
  });

  it.each([
    ["a recipients list", "email,name,locale\nann@example.com,Ann,en\n"],
    ["a list with more columns", "email,reason,date,note\nann@example.com,x,2020,y\n"],
    ["a list without an email column", "reason,date\nx,2020\n"],
    ["a CSV without an email column", "name,phone\nAnn,555\n"],
    ["one address alone", "ann@example.com\n"],
    ["a semicolon CSV", "email;reason;date\nann@example.com;x;2020\n"],
  ])(
    "#12: %s is not a suppression list: refused on read and add, and never written to",
    async (_, content) => {
      const path = file(content);
      const read = await failure(() => SuppressionList.read(path));
      expect(read.message).toContain(`${path}:1: this is not a suppression list`);
      expect(read.message).toContain("email,reason,date");
      expect(read.message).toContain("Fix: pass --suppressions with");
      // The file changes between read and add (someone swaps it): add checks again.
      const other = file();
      const list = await SuppressionList.read(other);
      writeFileSync(other, content);
      const add = await failure(() => list.add([{ email: "bob@example.com", reason: "x" }]));
      expect(add.message).toContain("this is not a suppression list");
      expect(text(path)).toBe(content);
      expect(text(other)).toBe(content);
    },
  );

  it("#12: matching is case-insensitive on the whole address and a Unicode domain matches its punycode form", async () => {
    const path = file();
    const list = await SuppressionList.read(path);
    await list.add([{ email: "Bob.Smith@Bücher.Example", reason: "x", date: DATE }]);
    for (const spelling of [
      "bob.smith@bücher.example",
      "BOB.SMITH@BÜCHER.EXAMPLE",
      "bob.smith@xn--bcher-kva.example",
      " Bob.Smith@XN--BCHER-KVA.example ",
    ])
      expect(list.find(spelling)?.email, spelling).toBe("Bob.Smith@Bücher.Example");
    expect(list.find("bob.smith@bucher.example")).toBeUndefined();
    expect(list.find("bob.smit@bücher.example")).toBeUndefined();
    // Every other spelling is the same address: nothing more is written.
    expect(
      await list.add([
        { email: "bob.smith@xn--bcher-kva.example", reason: "again" },
        { email: "BOB.SMITH@BÜCHER.EXAMPLE", reason: "again" },
      ]),
    ).toEqual([]);
    expect(rows(path)).toEqual([`Bob.Smith@Bücher.Example,x,${DATE}`]);
    // Read back from the file, the same holds.
    expect(
      (await SuppressionList.read(path)).find("bob.smith@xn--bcher-kva.example"),
    ).toBeDefined();
  });

  it("#12: an address that is not one is refused and nothing is written", async () => {
    const path = file();
    const list = await SuppressionList.read(path);
    const error = await failure(() =>
      list.add([
        { email: "ann@example.com", reason: "x" },
        { email: "not an address", reason: "x" },
      ]),
    );
    expect(error.message).toContain('"not an address" is not an email address');
    expect(() => readFileSync(path)).toThrow();
  });

  it("#12: the same address twice in one batch is added once", async () => {
    const path = file();
    const list = await SuppressionList.read(path);
    const added = await list.add([
      { email: "ann@example.com", reason: "first", date: DATE },
      { email: "ANN@example.com", reason: "second", date: DATE },
    ]);
    expect(added).toHaveLength(1);
    expect(rows(path)).toEqual([`ann@example.com,first,${DATE}`]);
  });

  it("#12: concurrent adds in one process never list an address twice", async () => {
    const path = file();
    const lists = await Promise.all([1, 2, 3].map(() => SuppressionList.read(path)));
    const batches = Array.from({ length: 30 }, (_, i) =>
      Array.from({ length: 5 }, (_, j) => ({
        email: `user${(i * 3 + j) % 40}@example.com`,
        reason: `batch ${i}`,
      })),
    );
    const added = await Promise.all(
      batches.map((batch, i) => (lists[i % 3] as SuppressionList).add(batch)),
    );
    expect(added.flat()).toHaveLength(40);
    const emails = rows(path).map((l) => l.split(",")[0]);
    expect(emails).toHaveLength(40);
    expect(new Set(emails).size).toBe(40);
  });

  it("#12: two processes adding overlapping addresses at once: every line intact, no address twice", async () => {
    // A long list takes a while to read before each append: the window in which the other
    // process could add the same address.
    const old = Array.from({ length: 5_000 }, (_, i) => `old${i}@example.com,x,${DATE}\n`);
    const path = file(`email,reason,date\n${old.join("")}`);
    const index = fileURLToPath(new URL("../dist/index.js", import.meta.url));
    const script = join(dir, "add.mjs");
    // Both processes add the same 15 addresses in the same order, one append at a time (the
    // most chances to race), and 15 of their own in between, with a reason long enough to be
    // cut to 200 characters.
    writeFileSync(
      script,
      `import { SuppressionList } from ${JSON.stringify(index)};
const [path, name] = process.argv.slice(2);
const list = await SuppressionList.read(path);
const reason = "process " + process.pid + " " + "x".repeat(300);
for (let i = 0; i < 15; i++) {
  await list.add([{ email: "user" + i + "@example.com", reason }]);
  await list.add([{ email: name + i + "@example.com", reason }]);
}
`,
    );
    const run = (name: string) =>
      new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [script, path, name], { stdio: "inherit" });
        child.on("error", reject);
        child.on("close", resolve);
      });
    expect(await Promise.all([run("ann"), run("bob")])).toEqual([0, 0]);
    const lines = text(path).split("\n");
    expect(lines[0]).toBe("email,reason,date");
    expect(lines.at(-1)).toBe("");
    const data = lines.slice(5_001, -1);
    for (const line of data)
      expect(line).toMatch(
        /^(user|ann|bob)\d+@example\.com,process \d+ x+…,\d{4}-\d\d-\d\dT[\d:]{8}Z$/,
      );
    const emails = data.map((l) => l.split(",")[0]);
    expect(new Set(emails).size).toBe(45);
    expect(emails).toHaveLength(45);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","click")'],
    ["+1+cmd|' /C calc'!A0"],
    ["-2+3"],
    ["@SUM(1,2)"],
    ["\t=1+1"],
    ["＝1+1"],
    ["'=already quoted"],
  ])(
    "#12: a reason like %j is stored as text a spreadsheet does not run, and read back as it was",
    async (reason) => {
      const path = file();
      await (await SuppressionList.read(path)).add([
        { email: "bob@example.com", reason, date: DATE },
      ]);
      const [row] = rows(path);
      const field = row?.replace(/^bob@example\.com,/, "").replace(/,[^,]+$/, "") ?? "";
      const unquoted = field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;
      // What a spreadsheet sees first is an apostrophe: the cell is text.
      expect(unquoted[0]).toBe("'");
      expect((await SuppressionList.read(path)).find("bob@example.com")?.reason).toBe(
        reason.trim(),
      );
    },
  );

  it("#12: an address that starts like a formula is neutralised too, and still matches", async () => {
    const path = file();
    await (await SuppressionList.read(path)).add([
      { email: "=cmd@example.com", reason: "x", date: DATE },
      { email: "-bob@example.com", reason: "x", date: DATE },
    ]);
    expect(rows(path)).toEqual([`'=cmd@example.com,x,${DATE}`, `'-bob@example.com,x,${DATE}`]);
    const again = await SuppressionList.read(path);
    expect(again.find("=CMD@example.com")?.email).toBe("=cmd@example.com");
    expect(again.find("-bob@example.com")?.email).toBe("-bob@example.com");
  });

  it("#12: a reason with line breaks and control characters stays on one line", async () => {
    const path = file();
    await (await SuppressionList.read(path)).add([
      { email: "bob@example.com", reason: 'line one\r\nline "two"\u001b[2J', date: DATE },
    ]);
    expect(rows(path)).toEqual([`bob@example.com,"line one line ""two"" [2J",${DATE}`]);
  });

  it("#12: a UTF-16 file is a clear error and is never written to", async () => {
    const content = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from("email,reason,date\r\nann@example.com,x,2020\r\n", "utf16le"),
    ]);
    const path = file(content);
    const error = await failure(() => SuppressionList.read(path));
    expect(error.message).toBe(`${path}: this file is UTF-16 text; save it as UTF-8 (CSV UTF-8).`);
    const list = await SuppressionList.read(file());
    expect(readFileSync(path).equals(content)).toBe(true);
    expect(list.size).toBe(0);
  });

  it("#12: a binary file is a clear error and is never written to", async () => {
    const content = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const path = file(content);
    const error = await failure(() => SuppressionList.read(path));
    expect(error.message).toBe(
      `${path}: this is not a text file (it has NUL bytes), so not a suppression list.\n  Fix: pass --suppressions with Herald's suppression list (email,reason,date).`,
    );
    const latin1 = file(Buffer.from("email,reason,date\nm\xfcller@example.com,x,2020\n", "latin1"));
    expect((await failure(() => SuppressionList.read(latin1))).message).toContain(
      `${latin1}:2: this line is not UTF-8 text`,
    );
    expect(readFileSync(path).equals(content)).toBe(true);
  });

  it("#12: a folder is not a list", async () => {
    const folder = join(dir, "folder.csv");
    mkdirSync(folder);
    expect((await failure(() => SuppressionList.read(folder))).message).toContain(
      `The suppression list ${folder} is not a file.`,
    );
  });

  it("#12: a row that is not an address stops the read, naming file:line, the value and the fix (a do-not-mail list fails closed)", async () => {
    const path = file(`email,reason,date\nnot-an-address,x,${DATE}\nann@example.com,y,${DATE}\n`);
    const error = await failure(() => SuppressionList.read(path));
    expect(error.message).toBe(
      `${path}:2: "not-an-address" is not an email address, so Herald cannot tell whom this row keeps from being mailed.\n  Fix: correct or delete that line.`,
    );
    const empty = file(`email,reason,date\n,x,${DATE}\n`);
    expect((await failure(() => SuppressionList.read(empty))).message).toContain(
      `${empty}:2: "" is not an email address`,
    );
  });

  it("#12: addresses written in common forms (<addr>, mailto:, a name and <addr>, a trailing dot) are read and matched", async () => {
    const path = file(
      [
        "email,reason,date",
        `<bob+tag@example.com>,a,${DATE}`,
        `mailto:user@example.com,b,${DATE}`,
        `"""Alice"" <alice@example.com>",c,${DATE}`,
        `ALICE2@EXAMPLE.COM.,d,${DATE}`,
        `MAILTO:<Carl@Example.org>,e,${DATE}`,
        "",
      ].join("\n"),
    );
    const list = await SuppressionList.read(path);
    expect(list.size).toBe(5);
    expect(list.find("bob+tag@example.com")?.reason).toBe("a");
    expect(list.find("user@example.com")?.reason).toBe("b");
    expect(list.find("alice@example.com")?.reason).toBe("c");
    expect(list.find("alice2@example.com")?.reason).toBe("d");
    expect(list.find("carl@example.org")?.reason).toBe("e");
    // Known already: not added again.
    expect(await list.add([{ email: "Bob+Tag@example.com", reason: "x" }])).toEqual([]);
  });

  it("#12: a reason is cut to 200 characters, whoever adds it", async () => {
    const path = file();
    const [added] = await (await SuppressionList.read(path)).add([
      { email: "bob@example.com", reason: "x".repeat(100_000), date: DATE },
    ]);
    expect(added?.reason).toBe(`${"x".repeat(199)}…`);
    expect(rows(path)).toEqual([`bob@example.com,${"x".repeat(199)}…,${DATE}`]);
  });

  it("#12: a hand-made list with only some of the columns (email, maybe reason) is read and added to in its columns", async () => {
    const path = file("Email\nann@example.com\n");
    const list = await SuppressionList.read(path);
    expect(list.find("ANN@example.com")).toEqual({
      email: "ann@example.com",
      reason: "",
      date: "",
    });
    await list.add([{ email: "bob@example.com", reason: "x", date: DATE }]);
    expect(text(path)).toBe("Email\nann@example.com\nbob@example.com\n");
    const both = file("reason,email\nmoved away,ann@example.com\n");
    await (await SuppressionList.read(both)).add([{ email: "bob@example.com", reason: "x" }]);
    expect(text(both)).toBe("reason,email\nmoved away,ann@example.com\nx,bob@example.com\n");
  });

  it("#12: a list in a folder that does not exist: the error says so", async () => {
    const path = join(dir, "no-such-folder", "list.csv");
    const list = await SuppressionList.read(path);
    const error = await failure(() => list.add([{ email: "bob@example.com", reason: "x" }]));
    expect(error.message).toBe(
      `The folder ${join(dir, "no-such-folder")} of the suppression list ${path} does not exist.\n  Fix: create it, or pass --suppressions with a file in an existing folder.`,
    );
  });

  it("#12: read again after appends, a hand edit in place, a partial last line and a replaced file: always what the file says", async () => {
    const path = file(`email,reason,date\nann@example.com,x,${DATE}\nbob@example.com,y,${DATE}\n`);
    const list = await SuppressionList.read(path);
    const other = await SuppressionList.read(path);
    await other.add([{ email: "cat@example.com", reason: "z", date: DATE }]);
    await list.refresh();
    expect(["ann", "bob", "cat"].map((n) => list.find(`${n}@example.com`)?.reason)).toEqual([
      "x",
      "y",
      "z",
    ]);
    // Someone takes bob off the list by hand (the file rewritten in place, same inode).
    writeFileSync(
      path,
      `email,reason,date\nann@example.com,x,${DATE}\ncat@example.com,z,${DATE}\n`,
    );
    await list.refresh();
    expect(list.find("bob@example.com")).toBeUndefined();
    expect(list.size).toBe(2);
    // A line being written, then finished.
    appendFileSync(path, "dan@exam");
    // Not an address yet, and not finished: a writer may be half-way through it (a send
    // reading meanwhile must not stop) …
    await list.refresh();
    expect(list.find("dan@exam")).toBeUndefined();
    appendFileSync(path, `ple.com,w,${DATE}\n`);
    // … and it counts once the line is whole.
    await list.refresh();
    expect(list.find("dan@example.com")?.reason).toBe("w");
    // Finished and still not an address: the read stops rather than miss someone.
    appendFileSync(path, `not-an-address,v,${DATE}\n`);
    expect((await failure(() => list.refresh())).message).toContain(`${path}:5: "not-an-address"`);
    // The first read of a list is strict about its last line too.
    const unfinished = file(`email,reason,date\nfay@exam`);
    expect((await failure(() => SuppressionList.read(unfinished))).message).toContain(
      `${unfinished}:2: "fay@exam"`,
    );
    // A new file under the same name.
    const replacement = file(`email,reason,date\neve@example.com,u,${DATE}\n`);
    renameSync(replacement, path);
    await list.refresh();
    expect(list.size).toBe(1);
    expect(list.find("eve@example.com")?.reason).toBe("u");
  });

  it("#12: refresh reads what another writer added", async () => {
    const path = file();
    const reader = await SuppressionList.read(path);
    const writer = await SuppressionList.read(path);
    await writer.add([{ email: "ann@example.com", reason: "x" }]);
    expect(reader.find("ann@example.com")).toBeUndefined();
    await reader.refresh();
    expect(reader.find("ann@example.com")?.reason).toBe("x");
  });
});
