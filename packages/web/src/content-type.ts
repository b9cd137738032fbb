import { extname } from "node:path";

// The media types of the files a build holds, for whatever serves it (herald dev, tests).
const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  // Module scripts (the newsroom's search) are refused unless served as JavaScript.
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".pdf": "application/pdf",
  ".eml": "message/rfc822",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".svg": "image/svg+xml",
  ".zip": "application/zip",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
};

/** The Content-Type to serve a built file with. */
export const contentType = (path: string): string =>
  types[extname(path).toLowerCase()] ?? "application/octet-stream";
