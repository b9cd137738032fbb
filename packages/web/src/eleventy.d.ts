// @11ty/eleventy 3 ships no types; this is the part of its programmatic API Herald uses.
declare module "@11ty/eleventy" {
  export default class Eleventy {
    constructor(
      input: string,
      output: string,
      options?: { quietMode?: boolean; config?: (config: never) => void },
    );
    disableLogger(): void;
    /** Renders without writing: each output's path (false for none) and text. */
    toJSON(): Promise<Array<{ url: string; outputPath: string | false; content: string }>>;
  }
}
