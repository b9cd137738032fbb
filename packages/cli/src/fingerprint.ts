import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// What Herald itself puts into an output, for the cache keys: the built code of the packages
// that make it, and the name and version of every package they use (pdf-lib, the fonts…). A
// new Herald, a rebuilt renderer or another font makes every entry miss, never a stale hit.

const fingerprints = new Map<string, string>();

/** The fingerprint of a Herald package (`@herald/pdf`) and of everything it uses. */
export function fingerprintOf(...packages: string[]): string {
  const key = packages.join(" ");
  let found = fingerprints.get(key);
  if (!found) {
    const hash = createHash("sha256");
    // Node's own part: its ICU formats every number and date, its zlib deflates the files.
    const { node, icu, unicode, zlib } = process.versions;
    hash.update(JSON.stringify({ node, icu, unicode, zlib }));
    for (const name of ["@herald/model", ...packages]) addPackage(hash, name);
    found = hash.digest("hex");
    fingerprints.set(key, found);
  }
  return found;
}

function addPackage(hash: ReturnType<typeof createHash>, name: string): void {
  const entry = fileURLToPath(import.meta.resolve(name));
  const dist = dirname(entry);
  // Its built code, every file of it (in subfolders too), in a stable order.
  const files = readdirSync(dist, { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(js|mjs|cjs|json)$/.test(file))
    .sort();
  for (const file of files) hash.update(file).update(readFileSync(join(dist, file)));
  // The packages it uses, by name and the version installed.
  const manifest = JSON.parse(readFileSync(join(dist, "..", "package.json"), "utf8"));
  const require = createRequire(entry);
  for (const dep of Object.keys(manifest.dependencies ?? {}).sort()) {
    hash.update(`${dep}@${installedVersion(require, dep)}\n`);
  }
}

function installedVersion(require: NodeJS.Require, name: string): string {
  try {
    return JSON.parse(readFileSync(require.resolve(`${name}/package.json`), "utf8")).version;
  } catch {
    // Packages that do not export their package.json: found from their entry's folders.
    try {
      let dir = dirname(require.resolve(name));
      for (let i = 0; i < 6; i++, dir = dirname(dir)) {
        try {
          const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
          if (manifest.name === name) return manifest.version;
        } catch {}
      }
    } catch {}
    return "unknown";
  }
}
