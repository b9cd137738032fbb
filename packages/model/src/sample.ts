import { fileURLToPath } from "node:url";

/** The sample content shipped with the model (Docker's 2014 Series B, in zh-CN and en). */
export const sampleContentDir = fileURLToPath(new URL("../content/", import.meta.url));
