import { open, readFile } from "node:fs/promises";
import { posix } from "node:path";
import { assetFile, type ContentFolder, fileStart, type Problem } from "./content-files.js";
import { type Diagnostic, diagnose, type Place } from "./diagnostics.js";
import {
  checkImage,
  type FileFormat,
  formatNames,
  type ImageFormat,
  sniff,
  textOrUndefined,
} from "./image-info.js";
import { checkSvg, svgSize } from "./svg.js";

// What of assets/ is published. Only file types a browser shows without running anything:
// images, PDF and ZIP. Each is judged by its extension AND its bytes (a .png that is really
// HTML would be served as whatever the host sniffs), and images are checked whole so no
// renderer meets a damaged or absurdly large one.

/** File extensions Herald publishes, and the format their bytes must have. */
export const publishable: Readonly<Record<string, FileFormat>> = {
  png: "png",
  jpg: "jpeg",
  jpeg: "jpeg",
  gif: "gif",
  webp: "webp",
  avif: "avif",
  svg: "svg",
  pdf: "pdf",
  zip: "zip",
};

/** Files in assets/ larger than this are refused before they are read. */
export const ASSET_FILE_LIMIT = 100 * 1024 * 1024;

const imageFormats = new Set<FileFormat>(["png", "jpeg", "gif", "webp", "avif", "svg"]);

interface Entry {
  /** Why the file may not be published; told at each place that refers to it. */
  problem?: Problem;
  /** What to say when nothing refers to the file: an error, a warning, or nothing. */
  unreferenced?: Diagnostic;
  format?: FileFormat;
  /** A raster image's size in pixels, from its header. */
  size?: ImageSize;
  /** The file's size in bytes. */
  bytes?: number;
  /** An SVG's own width and height (or its viewBox's). */
  drawn?: ImageSize;
}

/** An image's size in pixels. */
export interface ImageSize {
  width: number;
  height: number;
}

/** A published file's format (from its bytes) and size, for the outputs that describe it. */
export interface FileInfo {
  format: FileFormat;
  bytes: number;
  /** The size it is drawn at: a raster image's pixels, an SVG's width and height or viewBox. */
  size?: ImageSize;
}

const describe = (sniffed: FileFormat | { other: string }) =>
  typeof sniffed === "string" ? `a ${formatNames[sniffed]} file` : sniffed.other;

/** What in a file name would break a web address, or undefined. */
function unsafeName(path: string): string | undefined {
  for (const part of path.split("/")) {
    for (const char of part) {
      const code = char.codePointAt(0) ?? 0;
      if (code < 0x20 || code === 0x7f) return "a control character";
      if ('#?%\\"<>'.includes(char)) return `the character ${JSON.stringify(char)}`;
    }
    if (part !== part.trim()) return "a space at the start or end of a name";
  }
  return undefined;
}

/** Reads what a file's format check needs: images and SVG whole, PDF and ZIP their start. */
async function bytesToCheck(real: string, format: FileFormat): Promise<Uint8Array> {
  if (imageFormats.has(format)) return readFile(real);
  const handle = await open(real, "r");
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(1024), 0, 1024, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The content's assets: every file under assets/, what is wrong with each, what is used. */
export class Assets {
  private readonly entries = new Map<string, Entry>();
  private readonly referenced = new Set<string>();

  /** Every visible file under assets/, published or not (for "did you mean" suggestions). */
  get paths(): string[] {
    return [...this.entries.keys()];
  }

  has(asset: string): boolean {
    return this.entries.has(asset);
  }

  /** The format of a published file, from its bytes. */
  format(asset: string): FileFormat | undefined {
    return this.entries.get(asset)?.format;
  }

  /**
   * Records that `place` refers to `asset` (which exists), and returns why it cannot be
   * published there, if it cannot.
   */
  use(asset: string, place: Place, options: { image: boolean }): Diagnostic | undefined {
    const entry = this.entries.get(asset);
    if (!entry) return undefined;
    this.referenced.add(asset);
    if (entry.problem) return { ...entry.problem(place), severity: "error" };
    if (options.image && entry.format && !imageFormats.has(entry.format)) {
      return diagnose("not-an-image", place, { file: asset, format: formatNames[entry.format] });
    }
    return undefined;
  }

  /** After every reference is known: what to say about unused files, and what is published. */
  finish(): {
    published: string[];
    sizes: Record<string, ImageSize>;
    files: Record<string, FileInfo>;
    diagnostics: Diagnostic[];
  } {
    const diagnostics: Diagnostic[] = [];
    const published: string[] = [];
    const sizes: Record<string, ImageSize> = {};
    const files: Record<string, FileInfo> = {};
    for (const [path, entry] of this.entries) {
      if (!entry.problem) {
        published.push(path);
        if (entry.size) sizes[path] = entry.size;
        if (entry.format && entry.bytes !== undefined) {
          const size = entry.size ?? entry.drawn;
          files[path] = { format: entry.format, bytes: entry.bytes, ...(size && { size }) };
        }
      } else if (!this.referenced.has(path) && entry.unreferenced) {
        diagnostics.push(entry.unreferenced);
      }
    }
    return { published: published.sort(), sizes, files, diagnostics };
  }

  /** Lists and checks every file under assets/. */
  static async index(folder: ContentFolder): Promise<Assets> {
    const assets = new Assets();
    const listing = await folder.list("assets");
    for (const { path, problem, severity } of listing.problems) {
      assets.entries.set(path, {
        problem,
        unreferenced: { ...problem(fileStart(path)), severity },
      });
    }
    const seen = new Map<string, string>();
    const files = listing.files.map((file) => {
      const other = seen.get(file.path.toLowerCase());
      seen.set(file.path.toLowerCase(), other ?? file.path);
      return { file, other };
    });
    // A few at a time: images are read whole, and a folder of large ones must not all sit in
    // memory at once.
    for (let i = 0; i < files.length; i += 8) {
      const batch = files.slice(i, i + 8);
      const checked = await Promise.all(batch.map(({ file, other }) => checkFile(file, other)));
      for (const [j, { file }] of batch.entries()) {
        assets.entries.set(file.path, checked[j] as Entry);
      }
    }
    return assets;
  }
}

/** Everything that decides whether one regular file of assets/ may be published. */
async function checkFile(
  file: { path: string; real: string; size: number },
  duplicateOf: string | undefined,
): Promise<Entry> {
  const { path } = file;
  const fail = (problem: Problem, severity: "error" | "warning" = "error"): Entry => ({
    problem,
    unreferenced: { ...problem(fileStart(path)), severity },
  });
  if (duplicateOf) {
    return fail((place) =>
      diagnose("duplicate-file-name", place, { file: path, other: duplicateOf }),
    );
  }
  const name = unsafeName(path);
  if (name) {
    return fail(
      (place) => diagnose("unsafe-file-name", place, { file: path, what: name }),
      "warning",
    );
  }
  const extension = posix.extname(path).slice(1).toLowerCase();
  const format = publishable[extension];
  if (!format) {
    return {
      problem: (place) => diagnose("file-type-not-allowed", place, { file: path, extension }),
      unreferenced: diagnose("unpublished-file", fileStart(path), { file: path }, "warning"),
    };
  }
  if (file.size > ASSET_FILE_LIMIT) {
    return fail((place) =>
      diagnose("file-too-large", place, { file: path, size: file.size, limit: ASSET_FILE_LIMIT }),
    );
  }
  let bytes: Uint8Array;
  try {
    bytes = await bytesToCheck(file.real, format);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const reason = e.code === "EACCES" || e.code === "EPERM" ? "permission denied" : String(e.code);
    return fail((place) => diagnose("unreadable-file", place, { file: path, reason }));
  }
  const checked = checkBytes(path, format, bytes);
  if ("problem" in checked) return fail(checked.problem);
  const drawn = format === "svg" ? svgSize(textOrUndefined(bytes) ?? "") : undefined;
  return {
    format,
    bytes: file.size,
    ...(checked.size && { size: checked.size }),
    ...(drawn && { drawn }),
  };
}

/** What is wrong with `bytes` as the `format` file `path`, or where its content ends. */
function checkBytes(
  path: string,
  format: FileFormat,
  bytes: Uint8Array,
): { problem: Problem } | { end: number; size?: ImageSize } {
  const sniffed = sniff(bytes);
  if (sniffed !== format) {
    return {
      problem: (place) =>
        diagnose("wrong-file-content", place, {
          file: path,
          expected: formatNames[format],
          actual: describe(sniffed),
        }),
    };
  }
  if (format === "svg") {
    const check = checkSvg(textOrUndefined(bytes) ?? "");
    if (!check.ok) {
      return {
        problem: (place) =>
          check.broken
            ? diagnose("broken-image", place, {
                file: path,
                format: "SVG",
                detail: `it is not well-formed XML at line ${check.line} (${check.what.replace(/\.$/, "")})`,
              })
            : diagnose("unsafe-svg", place, { file: path, what: check.what, line: check.line }),
      };
    }
  } else if (format !== "pdf" && format !== "zip") {
    const check = checkImage(bytes, format as ImageFormat);
    if (!check.ok) {
      return {
        problem: (place) =>
          check.problem === "too-large"
            ? diagnose("image-too-large", place, {
                file: path,
                width: check.width,
                height: check.height,
                decodedBytes: check.decodedBytes,
              })
            : diagnose("broken-image", place, {
                file: path,
                format: formatNames[format],
                detail: check.detail,
              }),
      };
    }
    const { width, height, end } = check.info;
    return { end: end ?? bytes.length, size: { width, height } };
  }
  return { end: bytes.length };
}

/** A file of the content that changed while Herald was building from it. */
export class ContentChangedError extends Error {
  override name = "ContentChangedError";
}

/**
 * The bytes of a published asset, read and checked again as they are now (the file may have
 * changed since the content was loaded: an editor, a sync, a checkout), cut where the image
 * ends. What is published is exactly what was checked.
 */
export async function readPublishedAsset(dir: string, asset: string): Promise<Uint8Array> {
  const changed = (why: string) =>
    new ContentChangedError(
      `${asset} changed while Herald was building (${why}), so nothing was published.\n  Fix: build again once the file stays as it is.`,
    );
  const real = assetFile(dir, asset);
  const format = publishable[posix.extname(asset).slice(1).toLowerCase()];
  if (!real || !format) throw changed("it is gone, or now leads outside the content folder");
  const bytes = await readFile(real);
  if (bytes.length > ASSET_FILE_LIMIT) throw changed("it is now too large");
  const checked = checkBytes(asset, format, bytes);
  if ("problem" in checked) {
    throw changed(checked.problem(fileStart(asset)).message.replace(/\.$/, ""));
  }
  return bytes.subarray(0, checked.end);
}
