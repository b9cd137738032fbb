// markdown-it's own core rules, run one inline token at a time (markdown-it-mdast.ts). The
// package ships them (its exports allow "./*") but @types/markdown-it does not describe them.
declare module "markdown-it/lib/rules_core/*.mjs" {
  import type StateCore from "markdown-it/lib/rules_core/state_core.mjs";

  const rule: (state: StateCore) => void;
  export default rule;
}
