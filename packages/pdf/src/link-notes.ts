import type { Run } from "./text.js";

// Paper cannot follow a link: each inline link's address is printed as a numbered note, the
// way the email's text part lists them (packages/email/src/text.ts), with the link text
// followed by its raised number and the list of addresses at the end of the press kit.

/** Whether the text a reader sees already says where the link goes ("press@acme.example"). */
export function saysItsAddress(text: string, url: string): boolean {
  const plain = text.replace(/[\u2066-\u2069\s]/g, "");
  const bare = (u: string) => u.replace(/^(https?:\/\/|mailto:)/i, "").replace(/\/$/, "");
  return plain === url || `mailto:${plain}` === url || bare(plain) === bare(url);
}

export class LinkNotes {
  /** The addresses, in the order they are first linked: number n is `urls[n - 1]`. */
  readonly urls: string[] = [];
  /** Each address's number: looked up, not searched (a long body links thousands). */
  private readonly numbers = new Map<string, number>();

  /** The number of `url`'s note: one number per address, however often it is linked. */
  number(url: string): number {
    let n = this.numbers.get(url);
    if (n === undefined) {
      n = this.urls.push(url);
      this.numbers.set(url, n);
    }
    return n;
  }

  /**
   * The raised mark after a link's text ("[3]"), linked to its address in the list, or
   * nothing where the text already is the address.
   */
  mark(text: string, url: string | undefined, look: Omit<Run, "text">): Run[] {
    if (!url || saysItsAddress(text, url)) return [];
    const n = this.number(url);
    return [{ ...look, text: `[${n}]`, superscript: true, target: `link-${n}` }];
  }
}
