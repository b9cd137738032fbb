import { parseArgs } from "node:util";
import { ContentChangedError } from "@herald/model";
import {
  buildUsage,
  checkUsage,
  devUsage,
  labelsUsage,
  sendUsage,
  suppressUsage,
  unsubscribeServerUsage,
  verifyUsage,
} from "./commands/usage.js";
import { fsReason, HeraldError, UsageError } from "./errors.js";
import { type Io, println } from "./io.js";

const commands = {
  check: {
    usage: checkUsage,
    options: { content: { type: "string" }, now: { type: "string" } },
    run: async (...a: Parameters<typeof import("./commands/check.js").check>) =>
      (await import("./commands/check.js")).check(...a),
  },
  build: {
    usage: buildUsage,
    options: {
      content: { type: "string" },
      out: { type: "string" },
      paper: { type: "string" },
      now: { type: "string" },
      jobs: { type: "string" },
      "no-cache": { type: "boolean" },
    },
    run: async (...a: Parameters<typeof import("./commands/build.js").build>) =>
      (await import("./commands/build.js")).build(...a),
  },
  send: {
    usage: sendUsage,
    options: {
      announcement: { type: "string" },
      recipients: { type: "string" },
      content: { type: "string" },
      out: { type: "string" },
      locale: { type: "string" },
      smtp: { type: "string" },
      journal: { type: "string" },
      suppressions: { type: "string" },
      rate: { type: "string" },
      "attach-pdf": { type: "boolean" },
      "dry-run": { type: "boolean" },
      insecure: { type: "boolean" },
      "dkim-domain": { type: "string" },
      "dkim-selector": { type: "string" },
      "dkim-key": { type: "string" },
      "skip-verify": { type: "boolean" },
      "under-embargo": { type: "boolean" },
    },
    run: async (...a: Parameters<typeof import("./commands/send.js").send>) =>
      (await import("./commands/send.js")).send(...a),
  },
  dev: {
    usage: devUsage,
    options: { content: { type: "string" }, port: { type: "string" } },
    run: async (...a: Parameters<typeof import("./commands/dev.js").dev>) =>
      (await import("./commands/dev.js")).dev(...a),
  },
  verify: {
    usage: verifyUsage,
    options: { content: { type: "string" }, out: { type: "string" } },
    run: async (...a: Parameters<typeof import("./commands/verify.js").verifyCommand>) =>
      (await import("./commands/verify.js")).verifyCommand(...a),
  },
  "unsubscribe-server": {
    usage: unsubscribeServerUsage,
    options: {
      host: { type: "string" },
      port: { type: "string" },
      suppressions: { type: "string" },
      out: { type: "string" },
      content: { type: "string" },
    },
    run: async (
      ...a: Parameters<typeof import("./commands/unsubscribe-server.js").unsubscribeServer>
    ) => (await import("./commands/unsubscribe-server.js")).unsubscribeServer(...a),
  },
  labels: {
    usage: labelsUsage,
    options: { locale: { type: "string" } },
    run: async (...a: Parameters<typeof import("./commands/labels.js").labels>) =>
      (await import("./commands/labels.js")).labels(...a),
  },
  suppress: {
    usage: suppressUsage,
    options: {
      reason: { type: "string" },
      suppressions: { type: "string" },
      out: { type: "string" },
      content: { type: "string" },
    },
    // "add EMAIL..." / "import PATH...": the subcommand and its arguments.
    positionals: true,
    run: async (...a: Parameters<typeof import("./commands/suppress.js").suppress>) =>
      (await import("./commands/suppress.js")).suppress(...a),
  },
} as const;

export const usage = `Herald turns one announcement into a website, a PDF press kit and an investor newsletter.

Usage: herald <command> [options]

Commands:
${Object.values(commands)
  .map((c) => `  ${c.usage.split("\n")[0]}`)
  .join("\n")}

Options for every command:
  --debug   show the stack trace of an unexpected error
  --help    show help for the command

Run "herald <command> --help" for more.`;

/** Runs the CLI; returns the exit code (0 done, 1 failed, 2 wrong usage). */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const debug = argv.includes("--debug");
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === "--help" || name === "-h" || name === "help") {
      println(io.stdout, usage);
      return name === undefined ? 2 : 0;
    }
    if (!Object.hasOwn(commands, name)) {
      throw new UsageError(`"${name}" is not a herald command.`);
    }
    const command = commands[name as keyof typeof commands];
    let values: Record<string, unknown>;
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({
        args: [...rest],
        options: {
          ...command.options,
          debug: { type: "boolean" },
          help: { type: "boolean", short: "h" },
        },
        allowPositionals: "positionals" in command,
        strict: true,
      }));
    } catch (error) {
      throw new UsageError((error as Error).message, { cause: error });
    }
    if (values.help) {
      println(io.stdout, command.usage);
      return 0;
    }
    for (const [key, value] of Object.entries(values)) {
      if (value === "") throw new UsageError(`--${key} needs a value.`);
    }
    // Only a command that takes positionals gets them: others have optional parameters of
    // their own after the options (build's renderers, for tests).
    if ("positionals" in command) return await command.run(io, values as never, positionals);
    return await command.run(io, values as never);
  } catch (error) {
    if (error instanceof UsageError) {
      println(io.stderr, `herald: ${error.message}${error.brief ? "" : `\n\n${usage}`}`);
      return 2;
    }
    if (error instanceof HeraldError || error instanceof ContentChangedError) {
      println(io.stderr, `herald: ${error.message}`);
      if (debug) println(io.stderr, error.stack);
      return 1;
    }
    // The machine refused a file (permissions, a full disk): not a bug, and fixable.
    const reason = fsReason(error);
    if (reason) {
      const { path, syscall } = error as NodeJS.ErrnoException;
      println(
        io.stderr,
        `herald: could not ${syscall ?? "use"} ${path ?? "a file"}: ${reason}.\n  Fix: make it readable (and its folder writable) for the user who runs Herald, or free some space, then run the command again.`,
      );
      if (debug && error instanceof Error) println(io.stderr, error.stack);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    println(
      io.stderr,
      `herald: unexpected error: ${message}\n  This is a bug in Herald, not in your content.${debug ? "" : " Run again with --debug for details to report."}`,
    );
    if (debug && error instanceof Error) println(io.stderr, error.stack);
    return 1;
  }
}
