import { type FSWatcher, readdirSync, statSync, watch } from "node:fs";
import { join } from "node:path";

// Node 20's recursive fs.watch on Linux loses files: after a save by rename (sed -i, editors'
// atomic saves) it sees no later save of that file, and nothing written into a folder that
// was removed and made again. A watch on each folder itself hears of every change to any name
// in it, whatever file is under the name now; the folders are listed again after each change,
// so a new folder is watched too.

export interface TreeWatcher {
  close(): void;
}

/**
 * Calls `changed` on any change under `root` (its folders, not what links lead to). Throws if
 * `root` cannot be watched.
 */
export function watchTree(root: string, changed: () => void): TreeWatcher {
  // Each folder's watcher, with the folder it was started on: a folder removed and made again
  // under the same name is another folder, and needs a watcher of its own.
  const watchers = new Map<string, { watcher: FSWatcher; ino: bigint }>();
  let closed = false;
  let started = false;
  let listing: NodeJS.Timeout | undefined;
  const folders = (): Map<string, bigint> => {
    const found = new Map<string, bigint>();
    const add = (folder: string) => {
      try {
        found.set(folder, statSync(folder, { bigint: true }).ino);
      } catch {
        // Gone since it was listed: the next change lists again.
      }
    };
    add(root);
    try {
      for (const e of readdirSync(root, { recursive: true, withFileTypes: true }))
        if (e.isDirectory()) add(join(e.parentPath, e.name));
    } catch {
      // The root is going or gone: its owner (herald dev) notices and watches again.
    }
    return found;
  };
  const refresh = () => {
    if (closed) return;
    const now = folders();
    for (const [folder, { watcher, ino }] of watchers) {
      if (now.get(folder) === ino) continue;
      watcher.close();
      watchers.delete(folder);
    }
    let added = false;
    for (const [folder, ino] of now) {
      if (watchers.has(folder)) continue;
      try {
        const watcher = watch(folder, event);
        // A folder removed under its watcher: listed again at the next change.
        watcher.on("error", () => {
          watcher.close();
          if (watchers.get(folder)?.watcher === watcher) watchers.delete(folder);
        });
        watchers.set(folder, { watcher, ino });
        added = true;
      } catch (error) {
        if (folder === root && !started) throw error;
      }
    }
    // What was written into a new folder before its watch began: the next load reads it.
    if (added && started) changed();
  };
  const event = () => {
    changed();
    // A save is several events: the folders (every name under the root) are listed once.
    clearTimeout(listing);
    listing = setTimeout(refresh, 20);
  };
  refresh();
  started = true;
  return {
    close() {
      closed = true;
      clearTimeout(listing);
      for (const { watcher } of watchers.values()) watcher.close();
      watchers.clear();
    },
  };
}
