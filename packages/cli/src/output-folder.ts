import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  realpathSync,
  renameSync,
} from "node:fs";
import { chmod, readdir, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { manifestSchema } from "@herald/model";
import { fsReason, HeraldError } from "./errors.js";
import { acquireLock, alive } from "./lock-file.js";
import { makeFolders } from "./paths.js";
import { removeTree, removeTreeNow } from "./remove-tree.js";
import { cleanUpOnSignal } from "./signals.js";

// The output folder of a build is replaced whole, and only when it is Herald's own: every
// build carries a marker file, and a folder without one is never deleted. The new build is
// made in a temporary folder beside it and swapped in when complete, so a failed or
// interrupted build leaves the previous output exactly as it was.

/** The file that marks a folder as a Herald build, holding the format of the build. */
export const BUILD_MARKER = ".herald-build";
const MARKER_TEXT = `${JSON.stringify({ herald: "build", format: 1 })}\n`;

/** Folders a build carries over from the output it replaces: they are not the build's. */
const CARRIED_OVER = ["outbox"];

const isMarked = (dir: string) => {
  try {
    return JSON.parse(readFileSync(join(dir, BUILD_MARKER), "utf8")).herald === "build";
  } catch {
    return false;
  }
};

/**
 * What a build of Herald before the marker held: nothing else may be in such a folder. (And
 * `.cache`, where builds before the cache folder beside OUT kept their social images.)
 */
const LEGACY_ENTRIES = new Set(["manifest.json", "site", "email", "outbox", ".cache"]);

/**
 * A build by a Herald version before the marker: a manifest.json that is Herald's own (any
 * other manifest.json fails its schema) and nothing but what such a build wrote.
 */
const isLegacyBuild = (dir: string, entries: string[]) => {
  if (!entries.every((entry) => LEGACY_ENTRIES.has(entry))) return false;
  try {
    return manifestSchema.safeParse(JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")))
      .success;
  } catch {
    return false;
  }
};

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Removes temporary folders that builds killed without a chance to clean up left behind. */
async function removeStale(parent: string, name: string): Promise<void> {
  const pattern = new RegExp(
    `^\\.${escapeRegExp(name)}\\.building-(\\d+)-[A-Za-z0-9]{6}(\\.old)?$`,
  );
  for (const entry of await readdir(parent)) {
    const pid = Number(entry.match(pattern)?.[1]);
    if (!pid || alive(pid)) continue;
    const dir = join(parent, entry);
    if (isMarked(dir)) await rm(dir, { recursive: true, force: true });
    else await rmdir(dir).catch(() => {}); // only if empty: anything else may be someone's
  }
}

/** Throws unless `target` (an existing folder) is empty or a Herald build. */
function refuseIfNotOurs(target: string): void {
  const entries = readdirSync(target);
  if (entries.length > 0 && !isMarked(target) && !isLegacyBuild(target, entries)) {
    throw new HeraldError(
      `${target} is not a folder Herald built (it has no ${BUILD_MARKER}), so Herald will not replace it.\n  Fix: choose another folder with --out (a new or empty one), or move the files in it elsewhere.`,
    );
  }
}

/**
 * The folder a build replaces for the `requested` one. A symbolic link stays a link: the build
 * replaces what it leads to, made (with the folders above it) when it does not exist yet, as
 * for an --out that names it.
 */
function outputTarget(requested: string, shown: string): string {
  if (existsSync(requested)) return realpathSync(requested);
  let at = requested;
  // As many links as the system follows in one path (Linux: 40).
  for (let hops = 0; hops < 40; hops++) {
    let link: string;
    try {
      if (!lstatSync(at).isSymbolicLink()) return at;
      link = readlinkSync(at);
    } catch {
      return at; // Nothing there yet: made by the build.
    }
    at = resolve(dirname(at), link);
  }
  throw new HeraldError(
    `${shown} is a link that leads round in a circle (links leading to each other), so there is no folder to build into.\n  Fix: remove the link (rm ${shown}), or name a folder with --out.`,
  );
}

/**
 * Fills a fresh temporary folder beside `target` with `fill`, then swaps it in place of
 * `target`. `shown` names the folder as the user gave it (`--out out`), for messages; `warn`
 * is told what the build could not tidy once it was in place.
 */
export async function replaceDirectory(
  requested: string,
  fill: (dir: string) => Promise<void>,
  shown: string,
  warn: (message: string) => void = () => {},
): Promise<void> {
  const target = outputTarget(requested, shown);
  // A new folder gets what the user's umask allows (0755 with the usual 022), as mkdir would.
  let mode = 0o777 & ~process.umask();
  if (existsSync(target)) {
    const info = await stat(target);
    if (!info.isDirectory()) {
      throw new HeraldError(
        `${shown}: this is a file, not a folder.\n  Fix: name a folder for the build with --out (it is created if missing).`,
      );
    }
    refuseIfNotOurs(target);
    mode = info.mode & 0o7777;
  }
  const parent = dirname(target);
  const name = basename(target);
  // Before the build starts, any refusal of the file system is about the folder; later, only
  // the known ones are (others may be Herald's bugs and are reported as such).
  const cannotWrite = (error: unknown, where: string, starting = false) => {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = fsReason(error) ?? (starting && code ? `the system says ${code}` : undefined);
    if (!reason) return error;
    return new HeraldError(
      `${shown}: Herald cannot write in ${where} (${reason}).\n  Fix: choose a folder you may write in with --out, or fix the folder's permissions or free space.`,
      { cause: error },
    );
  };
  try {
    await makeFolders(parent);
  } catch (error) {
    throw cannotWrite(error, parent, true);
  }
  let lock: ReturnType<typeof acquireLock>;
  try {
    lock = acquireLock(join(parent, `.${name}.lock`), {
      what: `the output folder ${target}`,
      command: "herald build",
      fix: "wait for it to finish, then build again",
    });
  } catch (error) {
    throw cannotWrite(error, parent, true);
  }
  let temp: string | undefined;
  const undo = () => {
    try {
      if (temp) removeTreeNow(temp);
    } finally {
      lock.release();
    }
  };
  try {
    const existed = existsSync(target);
    const said = (signal: string) =>
      `Stopped (${signal}): the build was cut short; ${relative(process.cwd(), requested) || "."}/ ${existed ? "is as it was before" : "was not made"}.`;
    await cleanUpOnSignal(
      undo,
      async () => {
        await removeStale(parent, name);
        // Synchronously: a folder another thread made while a signal's cleanup ran would be
        // made after the cleanup looked for it.
        temp = mkdtempSync(join(parent, `.${name}.building-${process.pid}-`));
        await writeFile(join(temp, BUILD_MARKER), MARKER_TEXT);
        await fill(temp);
        await chmod(temp, mode);
        // Synchronous from here: no signal handler can run between the renames.
        const old = `${temp}.old`;
        const hadTarget = existsSync(target);
        // Checked again: someone may have made the folder, or put files in it, while we built.
        if (hadTarget) refuseIfNotOurs(target);
        if (hadTarget) {
          for (const keep of CARRIED_OVER) {
            const from = join(target, keep);
            if (existsSync(from) && lstatSync(from).isDirectory())
              renameSync(from, join(temp, keep));
          }
          renameSync(target, old);
        }
        try {
          renameSync(temp, target);
        } catch (error) {
          if (hadTarget) {
            renameSync(old, target);
            for (const keep of CARRIED_OVER) {
              const moved = join(temp, keep);
              if (existsSync(moved)) renameSync(moved, join(target, keep));
            }
          }
          throw error;
        }
        temp = undefined;
        // The build is in place: the old one that cannot be removed (its files made
        // immutable, say) is said and left, for the next build to remove once it can.
        if (hadTarget) {
          await removeTree(old).catch((error: unknown) =>
            warn(
              `The build is in ${shown}, but Herald could not remove the previous one, left in ${old} (${fsReason(error) ?? (error as NodeJS.ErrnoException).code ?? String(error)}).\n  Fix: make its files removable (chattr -R -i, or their permissions); the next build removes it.`,
            ),
          );
        }
      },
      said,
    );
  } catch (error) {
    throw cannotWrite(error, parent);
  } finally {
    undo();
  }
}
