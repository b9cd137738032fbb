export { type PressKit, type PressKitOptions, renderPressKit } from "./render.js";
