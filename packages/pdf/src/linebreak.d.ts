// linebreak 1.1 ships no types: the UAX #14 line breaker, as used here.
declare module "linebreak" {
  export default class LineBreaker {
    constructor(text: string);
    nextBreak(): { position: number; required: boolean } | null;
  }
}
