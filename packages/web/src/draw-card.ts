// The entry a worker thread imports to draw social cards: one pure function of plain data
// (`CardJob`: the card's words, the mark, whether it is the logo), the same PNG bytes in any
// thread. renderSite takes it (or a function that hands the job to a pool) as `drawCard`.
export { type CardJob, type DrawCard, drawCard } from "./social-image.js";
