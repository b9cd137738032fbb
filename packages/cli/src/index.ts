export { type Renderer, renderers } from "./commands/build.js";
export { type DevServer, startDev } from "./dev.js";
export { type Io, processIo } from "./io.js";
export { main } from "./main.js";
