import { CHROMIUM_ARGS, CHROMIUM_PATH } from "@herald/model/testing";
import { type Browser, chromium } from "playwright-core";

/** Debian's Chromium, headless, with everything that would reach the network switched off. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
