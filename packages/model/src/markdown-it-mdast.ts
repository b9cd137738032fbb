import MarkdownIt from "markdown-it";
import linkify from "markdown-it/lib/rules_core/linkify.mjs";
import normalize from "markdown-it/lib/rules_core/normalize.mjs";
import textJoin from "markdown-it/lib/rules_core/text_join.mjs";
import footnote from "markdown-it-footnote";
import type {
  Blockquote,
  FootnoteDefinition,
  List,
  ListItem,
  Nodes,
  Parents,
  PhrasingContent,
  Root,
  RootContent,
  Table,
  TableCell,
  TableRow,
} from "mdast";
import type { Point, Position } from "unist";
import { countBelow } from "./columns.js";

type Token = ReturnType<MarkdownIt["parse"]>[number];

// CommonMark + GFM (tables, strikethrough, autolinks, footnotes) with markdown-it, turned into
// the same mdast tree micromark would build. markdown-it is about ten times faster, which
// matters for sites with a thousand announcements and for rebuilds while editing.
// maxNesting 32 (markdown-it's default is 100) leaves room above what the loader allows (8 lists
// or quotes, about 17 levels) while bounding the work on pathological input ("[[[[…", "![![…").
const md = new MarkdownIt("default", { html: true, linkify: true }).use(footnote);
md.set({ maxNesting: 32 } as Parameters<typeof md.set>[0]);
// Let every link through as a link: the loader reports unsafe ones with their place, rather
// than letting them silently turn into text.
md.validateLink = () => true;
// Keep destinations as written (escapes and entities resolved), as micromark does; each
// renderer encodes them for its own output.
md.normalizeLink = (url) => url;

// markdown-it's core rules after the block parse, run here one inline token at a time (see
// markdownItToMdast). Replacements and smart quotes are left out: they do nothing without
// `typographer`, which is off.
md.set({ typographer: false });

type State = InstanceType<typeof md.core.State>;
interface FootnoteEnv {
  footnotes?: {
    list?: Array<{ label?: string; count?: number; content?: string; tokens?: Token[] }>;
  };
}

/**
 * The footnote section markdown-it-footnote's footnote_tail appends, from the notes' own
 * tokens. Its rule appends each note with `state.tokens.concat(...)`, which copies every token
 * of the document once per note: a body of 5 MB with 2,500 notes spent 33 s there (issue 15).
 * The same tokens, with pushes.
 */
function footnoteTail(state: State, refTokens: ReadonlyMap<string, Token[]>): Token[] {
  const out: Token[] = [];
  const list = (state.env as FootnoteEnv).footnotes?.list;
  if (!list) return out;
  out.push(new state.Token("footnote_block_open", "", 1));
  list.forEach((note, i) => {
    const open = new state.Token("footnote_open", "", 1);
    open.meta = { id: i, label: note.label };
    out.push(open);
    let tokens: Token[] | undefined;
    if (note.tokens) {
      const paragraphOpen = new state.Token("paragraph_open", "p", 1);
      paragraphOpen.block = true;
      const inline = new state.Token("inline", "", 0);
      inline.children = note.tokens;
      inline.content = note.content ?? "";
      afterInline(state, inline);
      const paragraphClose = new state.Token("paragraph_close", "p", -1);
      paragraphClose.block = true;
      tokens = [paragraphOpen, inline, paragraphClose];
    } else if (note.label) tokens = refTokens.get(note.label);
    if (tokens) for (const token of tokens) out.push(token);
    const lastParagraph = out[out.length - 1]?.type === "paragraph_close" ? out.pop() : undefined;
    const anchors = (note.count ?? 0) > 0 ? (note.count as number) : 1;
    for (let j = 0; j < anchors; j++) {
      const anchor = new state.Token("footnote_anchor", "", 0);
      anchor.meta = { id: i, subId: j, label: note.label };
      out.push(anchor);
    }
    if (lastParagraph) out.push(lastParagraph);
    out.push(new state.Token("footnote_close", "", -1));
  });
  out.push(new state.Token("footnote_block_close", "", -1));
  return out;
}

/**
 * What markdown-it's core does to an inline token after its inline parse (linkify, then
 * text_join), for this one token: both rules treat each inline token on its own.
 */
function afterInline(state: State, token: Token): void {
  const all = state.tokens;
  state.tokens = [token];
  linkify(state);
  textJoin(state);
  state.tokens = all;
}

/** What a parse leaves in its env besides the footnotes. */
interface ParseEnv {
  /** The first body line (0-based) that markdown-it skipped because it was nested too deep. */
  unparsedFrom?: number;
}

// Past `maxNesting` levels markdown-it skips the rest of the text without a word
// (parser_block.mjs: "skip tail to the end"). Note where that happens, so the loader can say so
// rather than publish a page with its end missing.
const tokenizeBlocks = md.block.tokenize.bind(md.block);
md.block.tokenize = (state, startLine, endLine) => {
  if (state.level >= (md.options as { maxNesting: number }).maxNesting) {
    const line = state.skipEmptyLines(startLine);
    const env = state.env as ParseEnv;
    if (line < endLine && (state.sCount[line] ?? 0) >= state.blkIndent) {
      env.unparsedFrom = Math.min(env.unparsedFrom ?? line, line);
    }
  }
  tokenizeBlocks(state, startLine, endLine);
};

/**
 * Finds where inline tokens were written, for diagnostics; markdown-it only maps blocks.
 * Inline tokens come in source order, so each search starts where the previous one found its
 * token: a paragraph of 60,000 links is searched once, not 60,000 times.
 */
class Locator {
  private line = 0;
  private column = 0;

  constructor(
    private readonly lines: readonly string[],
    private readonly firstLine: number,
  ) {}

  /** Nothing was found in this block yet: the cursor is at its start, not at a token. */
  private fresh = true;

  /** Starts the search over at the first line of a block. */
  startBlock(from: number): void {
    this.line = from;
    this.column = 0;
    this.fresh = true;
  }

  private found(line: number, index: number): Point {
    this.line = line;
    this.column = index;
    this.fresh = false;
    return { line: line + this.firstLine, column: index + 1 };
  }

  /**
   * The point of `needle` in lines [from, to) of the body, or the block's start. `next`
   * skips the token found last (for "[", which every link starts with).
   */
  find(needle: string | undefined, from: number, to: number, next = false): Point {
    if (needle) {
      const skip = next && !this.fresh ? 1 : 0;
      for (let i = Math.max(from, this.line); i < Math.min(to, this.lines.length); i++) {
        const at = this.lines[i]?.indexOf(needle, i === this.line ? this.column + skip : 0) ?? -1;
        if (at >= 0) return this.found(i, at);
      }
    }
    return { line: from + this.firstLine, column: 1 };
  }

  /** Where each line has "](", found once per line. */
  private closes = new Map<number, number[]>();

  private closesOf(i: number): number[] {
    let found = this.closes.get(i);
    if (!found) {
      found = [];
      const line = this.lines[i] ?? "";
      for (let at = line.indexOf("]("); at >= 0; at = line.indexOf("](", at + 2)) found.push(at);
      this.closes.set(i, found);
    }
    return found;
  }

  /** The `[` that opens the link (or `![` image) whose destination normalizes to `url`. */
  findLink(url: string, from: number, to: number, image: boolean): Point | undefined {
    // A reference link ([text][ref]) has no "](" of its own: looking at a few candidates
    // before giving up keeps a paragraph of thousands of them linear.
    let budget = 32;
    for (let i = Math.max(from, this.line); i < Math.min(to, this.lines.length); i++) {
      const line = this.lines[i] ?? "";
      const begin = i === this.line ? this.column : 0;
      const closes = this.closesOf(i);
      let k = countBelow(closes, begin);
      for (let close = closes[k] ?? -1; close >= 0; close = closes[++k] ?? -1) {
        if (--budget < 0) return undefined;
        const destination = line
          .slice(close + 2, close + 2 + url.length + 2)
          .match(/^<([^>]*)>|^([^\s()]*(?:\([^\s()]*\)[^\s()]*)*)/);
        const raw = destination?.[1] ?? destination?.[2] ?? "";
        if (raw !== url) continue;
        let depth = 0;
        for (let open = close; open >= begin; open--) {
          if (line[open] === "]") depth++;
          else if (line[open] === "[" && --depth === 0) {
            return this.found(i, image && line[open - 1] === "!" ? open - 1 : open);
          }
        }
      }
    }
    return undefined;
  }
}

/** The text of inline nodes (an image's alt), without recursion: alt text can nest deep. */
function plain(nodes: readonly Nodes[]): string {
  let out = "";
  const stack = [...nodes].reverse();
  for (let n = stack.pop(); n; n = stack.pop()) {
    if ("value" in n) out += n.value;
    else if ("children" in n) {
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as Nodes);
    }
  }
  return out;
}

/** Parses Markdown into mdast. `firstLine` is the file line the Markdown starts on. */
export function markdownItToMdast(markdown: string, firstLine = 1): Root {
  const env: ParseEnv = {};
  // The block parse only (md.parse's first core rules): each inline token is parsed where
  // the tree reaches it and let go once turned into nodes, so a long body's inline tokens
  // (a million for 5 MB) are never all held at once (issue 15). The inline parses run in
  // document order, as md.parse runs them: a footnote's number is given by the first
  // reference the inline parser meets.
  const state = new md.core.State(markdown, md, env);
  normalize(state);
  md.block.parse(state.src, md, env, state.tokens);
  const tokens = state.tokens;
  const lines = markdown.split(/\r?\n/);
  const locate = new Locator(lines, firstLine);
  const position = (start: Point, endLine = start.line): Position => ({
    start,
    end: { line: endLine, column: 1 },
  });
  const blockPosition = (token: Token): Position | undefined =>
    token.map
      ? position(
          { line: token.map[0] + firstLine, column: 1 },
          Math.max(token.map[0], token.map[1] - 1) + firstLine,
        )
      : undefined;

  const root: Root = { type: "root", children: [] };
  const stack: Parents[] = [root];
  const top = () => stack[stack.length - 1] as Parents;
  const push = (node: RootContent, open: boolean) => {
    (top().children as RootContent[]).push(node);
    if (open) stack.push(node as Parents);
  };
  let blockLines: [number, number] = [0, lines.length];
  let align: Table["align"] = [];

  const inline = (children: readonly Token[]): PhrasingContent[] => {
    const out: PhrasingContent[] = [];
    const inlineStack: PhrasingContent[][] = [out];
    const add = (node: PhrasingContent) => {
      const into = inlineStack[inlineStack.length - 1] as PhrasingContent[];
      const last = into[into.length - 1];
      // Adjacent text is one text node, as in micromark (a soft break is a "\n" inside it).
      if (node.type === "text" && last?.type === "text") last.value += node.value;
      else into.push(node);
    };
    const open = (node: PhrasingContent & { children: PhrasingContent[] }) => {
      add(node);
      inlineStack.push(node.children);
    };
    const [from, to] = blockLines;
    for (const t of children) {
      switch (t.type) {
        case "text":
          if (t.content === "") break;
          add({
            type: "text",
            value: t.content,
            position: position(locate.find(t.content.match(/\[\^[^\]\s]+\]/)?.[0], from, to)),
          });
          break;
        case "softbreak":
          add({ type: "text", value: "\n" });
          break;
        case "hardbreak":
          add({ type: "break" });
          break;
        case "code_inline":
          add({ type: "inlineCode", value: t.content });
          break;
        case "html_inline":
          add({
            type: "html",
            value: t.content,
            position: position(locate.find(t.content, from, to)),
          });
          break;
        case "em_open":
          open({ type: "emphasis", children: [] });
          break;
        case "strong_open":
          open({ type: "strong", children: [] });
          break;
        case "s_open":
          open({ type: "delete", children: [] });
          break;
        case "link_open": {
          const url = t.attrGet("href") ?? "";
          const start =
            t.markup === "linkify" || t.markup === "autolink"
              ? locate.find(
                  t.markup === "autolink" ? `<${url.replace(/^mailto:/, "")}` : undefined,
                  from,
                  to,
                )
              : // A reference link ([text][ref]) has no "](": its text's bracket is the place.
                (locate.findLink(url, from, to, false) ?? locate.find("[", from, to, true));
          open({
            type: "link",
            url,
            title: t.attrGet("title") ?? null,
            children: [],
            position: position(start),
          });
          break;
        }
        case "image": {
          const url = t.attrGet("src") ?? "";
          const alt = plain(inline(t.children ?? []));
          const start = locate.findLink(url, from, to, true) ?? locate.find(undefined, from, to);
          add({
            type: "image",
            url,
            title: t.attrGet("title") ?? null,
            alt,
            position: position(start),
          });
          break;
        }
        case "footnote_ref":
          add({
            type: "footnoteReference",
            identifier: String(t.meta.label).toLowerCase(),
            label: String(t.meta.label),
          });
          break;
        case "em_close":
        case "strong_close":
        case "s_close":
        case "link_close":
          inlineStack.pop();
          break;
      }
    }
    return out;
  };

  const inlineParse = (t: Token) => {
    md.inline.parse(t.content, md, env, t.children ?? []);
    afterInline(state, t);
  };
  // A footnote definition's tokens, by label: moved to the footnote section at the end, as
  // footnote_tail moves them.
  const refTokens = new Map<string, Token[]>();
  let definition: Token[] | undefined;
  let definitionLabel = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    // Each token is let go once read: a long body's tokens and the tree made from them need
    // not both be whole at once (issue 15).
    (tokens as Array<Token | undefined>)[i] = undefined;
    if (t.type === "inline") inlineParse(t);
    if (t.type === "footnote_reference_open") {
      definition = [];
      definitionLabel = t.meta.label;
    } else if (t.type === "footnote_reference_close") {
      refTokens.set(definitionLabel, definition ?? []);
      definition = undefined;
    } else if (definition) definition.push(t);
    else convert(t);
  }
  state.tokens = [];
  for (const t of footnoteTail(state, refTokens)) convert(t);
  if (env.unparsedFrom !== undefined) root.data = { unparsedFrom: env.unparsedFrom + firstLine };
  return root;

  function convert(t: Token): void {
    if (t.map) blockLines = [t.map[0], t.map[1]];
    switch (t.type) {
      case "paragraph_open": {
        // markdown-it hides the paragraphs of tight lists; a shown one makes its list loose.
        const item = top();
        const list = stack[stack.length - 2];
        if (item.type === "listItem" && list?.type === "list" && !t.hidden) list.spread = true;
        push({ type: "paragraph", children: [], position: blockPosition(t) }, true);
        break;
      }
      case "heading_open":
        push(
          {
            type: "heading",
            depth: Number(t.tag.slice(1)) as 1 | 2 | 3 | 4 | 5 | 6,
            children: [],
            position: blockPosition(t),
          },
          true,
        );
        break;
      case "inline": {
        locate.startBlock(blockLines[0]);
        // One by one: spreading a huge array into push() overflows the call stack.
        const into = top().children as PhrasingContent[];
        for (const node of inline(t.children ?? [])) into.push(node);
        break;
      }
      case "blockquote_open":
        push({ type: "blockquote", children: [], position: blockPosition(t) } as Blockquote, true);
        break;
      case "bullet_list_open":
      case "ordered_list_open": {
        const ordered = t.type === "ordered_list_open";
        const start = ordered ? Number(t.attrGet("start") ?? 1) : null;
        push(
          {
            type: "list",
            ordered,
            start,
            spread: false,
            children: [],
            position: blockPosition(t),
          } as List,
          true,
        );
        break;
      }
      case "list_item_open":
        push(
          {
            type: "listItem",
            spread: false,
            checked: null,
            children: [],
            position: blockPosition(t),
          } as ListItem,
          true,
        );
        break;
      case "table_open":
        align = [];
        push({ type: "table", align, children: [], position: blockPosition(t) } as Table, true);
        break;
      case "tr_open":
        push({ type: "tableRow", children: [] } as TableRow, true);
        break;
      case "th_open":
      case "td_open": {
        if (t.type === "th_open") {
          const side = t.attrGet("style")?.match(/text-align:(left|right|center)/)?.[1];
          align?.push((side ?? null) as "left" | "right" | "center" | null);
        }
        push({ type: "tableCell", children: [] } as TableCell, true);
        break;
      }
      case "footnote_open":
        push(
          {
            type: "footnoteDefinition",
            identifier: String(t.meta.label).toLowerCase(),
            label: String(t.meta.label),
            children: [],
          } as FootnoteDefinition,
          true,
        );
        break;
      case "code_block":
      case "fence": {
        const [lang, ...meta] = t.info.trim().split(/\s+/);
        push(
          {
            type: "code",
            lang: lang || null,
            meta: meta.join(" ") || null,
            value: t.content.replace(/\n$/, ""),
            position: blockPosition(t),
          },
          false,
        );
        break;
      }
      case "hr":
        push({ type: "thematicBreak", position: blockPosition(t) }, false);
        break;
      case "html_block":
        push(
          { type: "html", value: t.content.replace(/\n$/, ""), position: blockPosition(t) },
          false,
        );
        break;
      case "list_item_close": {
        // An item is spread when blank lines separate its own blocks (in a loose list).
        const item = stack.pop();
        const list = top();
        if (item?.type === "listItem" && list.type === "list") {
          item.spread = list.spread === true && item.children.length > 1;
        }
        break;
      }
      case "paragraph_close":
      case "heading_close":
      case "blockquote_close":
      case "bullet_list_close":
      case "ordered_list_close":
      case "table_close":
      case "tr_close":
      case "th_close":
      case "td_close":
      case "footnote_close":
        stack.pop();
        break;
    }
  }
}
