export { type DevServer, startDev } from "./dev.js";
export { type Io, processIo } from "./io.js";
export { main } from "./main.js";
export { type BuildInput, type ManifestPart, type Renderer, renderers } from "./pipeline.js";
