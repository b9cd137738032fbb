export { type PressKit, type PressKitOptions, renderPressKit } from "./render.js";
export { breakLines, type Line, type Run } from "./text.js";
