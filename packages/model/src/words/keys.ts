// Every word the outputs print around the content: its key, the values it is given (slots)
// and a note for whoever translates it. Dictionaries (en.ts, ja.ts, ...) and a content
// folder's labels.yaml give one ICU message per key: plain text, `{slot}` where a value goes,
// and `{count, plural, one {...} other {...}}` where the words depend on a number.
// The Words type the outputs use is derived from this table, so a key is declared once.

export const wordKeys = {
  // Fact sheet
  factSheet: { note: "heading of the table of the round's facts" },
  round: { note: "fact-sheet label: the round's name (Series B)" },
  amount: { note: "fact-sheet label: the amount raised" },
  leadInvestors: { slots: ["count"], note: "fact-sheet label; count is how many lead the round" },
  participants: {
    slots: ["count"],
    note: "fact-sheet label: the other investors in the round; count is how many",
  },
  boardMembers: {
    slots: ["count"],
    note: "fact-sheet label: people joining the board; count is how many",
  },
  // Section headings
  metrics: { note: "heading of the key figures (numbers about the company)" },
  quotes: { note: "heading of the quotations from people" },
  ecosystem: { note: "heading of the partners and customers named by the announcement" },
  useOfFunds: { note: "heading: what the company will do with the money" },
  hires: { slots: ["count"], note: "heading of the people who joined; count is how many" },
  about: { slots: ["company"], note: "heading of the company boilerplate: About {company}" },
  pressContact: { note: "label of the person journalists contact" },
  footnotes: { note: "heading of the footnotes" },
  translatorNote: { note: "label of the translator's note" },
  source: { note: "label before the link to the original text this one translates" },
  // Site and press kit
  newsroom: { note: "name of the page listing every announcement" },
  allNews: { note: "heading of the list of every announcement on the press-kit page" },
  pressKit: { note: "the downloadable press kit (PDF), and the page listing them" },
  downloadPdf: { note: "link to the announcement's press kit" },
  otherLanguages: { note: "label before the links to translations" },
  chooseLanguage: { note: "name of the language menu, read by screen readers" },
  byline: { slots: ["name"], note: "the author of an announcement, after its date" },
  feed: { note: "link to the site's Atom news feed" },
  skipToContent: { note: "link at the top of every page for keyboard users" },
  backToContent: { note: "link from a footnote back to where it is referenced" },
  table: { note: "name of a scrollable table, read by screen readers" },
  image: { slots: ["alt"], note: "an image shown as text where it cannot be drawn" },
  logo: { slots: ["name"], note: "text alternative of a logo" },
  logos: { note: "heading of the logos on the press-kit page" },
  notFound: { note: "title of the page shown for an address that does not exist" },
  notFoundText: { note: "text of that page" },
  email: { note: "label of an email address" },
  phone: { note: "label of a phone number" },
  page: { slots: ["page", "total"], note: "page number in the press kit's footer" },
  // Newsletter
  viewInBrowser: { note: "link at the top of the email to its web page" },
  greeting: { slots: ["name"], note: "salutation of the email; name is the investor's name" },
  greetingWithoutName: { note: "salutation when the investor's name is not known" },
  sampleRecipient: { note: "a made-up investor's name shown in previews" },
  whyReceived: {
    slots: ["company"],
    note: "footer line: why this email was sent (the investor list of {company})",
  },
  unsubscribe: { note: "link that stops the emails" },
  links: { note: "heading of the list of addresses in the plain-text email" },
  // The unsubscribe server's pages (herald unsubscribe-server)
  unsubscribeQuestion: {
    slots: ["email", "company"],
    note: "heading of the page an unsubscribe link opens, above the button (the existing word unsubscribe) that stops the emails: Unsubscribe {email} from {company}'s investor emails?",
  },
  unsubscribed: { note: "heading of the page shown once the button was pressed: the emails stop" },
  unsubscribedText: {
    slots: ["email", "company"],
    note: "text under that heading: {company} sends no more investor emails to {email}",
  },
  unsubscribeInvalid: {
    note: "heading of the page shown when an unsubscribe link was changed or cut off (its signature does not match)",
  },
  unsubscribeInvalidText: {
    slots: ["company"],
    note: "text under that heading: what to do instead (use the link of the latest email unchanged, or reply to it)",
  },
  // Phrases that join values
  over: { slots: ["figure"], note: "a figure that is a lower bound: over 300" },
  approximately: { slots: ["figure"], note: "a rounded figure: about 300" },
  withUnit: { slots: ["figure", "unit"], note: "a figure and what it counts: 300 contributors" },
  quoteBy: { slots: ["credit"], note: "the attribution under a quotation" },
  roleAt: { slots: ["role", "organization"], note: "a role at an organization: Partner, Greylock" },
  credit: { slots: ["name", "detail"], note: "a person and what they do: Jerry Chen, Partner" },
  withNote: { slots: ["text", "note"], note: "a text with a remark: Greylock (lead)" },
  labelled: { slots: ["label", "value"], note: "a label and its value: Email: press@docker.com" },
  alongside: {
    slots: ["first", "next"],
    note: "two details on one line, a name and an email address: Lena Hoffmann, press@example.com",
  },
  // Newsroom, search and press-kit page
  search: { note: "label of the newsroom's search box and its button" },
  searchLabel: { note: "name of the search region, read by screen readers: Search the newsroom" },
  searchResults: {
    slots: ["count"],
    note: "how many announcements a search found; count may be 0",
  },
  searchNeedsScript: { note: "shown where search cannot run because JavaScript is off" },
  pagination: { note: "name of the numbered page links of the newsroom, read by screen readers" },
  pageOf: {
    slots: ["page", "total"],
    note: "which page of the newsroom's list this is: Page 2 of 4",
  },
  newer: { note: "link to the page of newer announcements" },
  older: { note: "link to the page of older announcements" },
  archive: { note: "heading of the links to each year's announcements" },
  yearArchive: { slots: ["year"], note: "title of the page listing one year's announcements" },
  atAGlance: { note: "heading of the company facts on the press-kit page" },
  legalName: { note: "company-facts label: the registered name" },
  founded: { note: "company-facts label: the year the company was founded" },
  founders: {
    slots: ["count"],
    note: "company-facts label: who founded the company; count is how many",
  },
  headquarters: { note: "company-facts label: the city of the head office" },
  employees: { note: "company-facts label: how many people work there" },
  industry: { note: "company-facts label: what the company does" },
  website: { note: "company-facts label: the company's website" },
  stockSymbol: { note: "company-facts label: the exchange and ticker" },
  social: { note: "company-facts label: the company's social media pages" },
  totalRaised: { note: "company-facts label: all the money raised in the announced rounds" },
  totalRaisedNote: {
    slots: ["count"],
    note: "note under the total raised: from how many funding announcements",
  },
  team: { note: "heading of the company's leaders on the press-kit page" },
  portrait: { slots: ["name"], note: "text alternative of a person's photo" },
  brandAssets: { note: "heading of the downloadable logos and images on the press-kit page" },
  usage: { note: "label of how a brand asset may be used" },
  pixels: { slots: ["width", "height"], note: "an image's size in pixels: 1200 \u00d7 630 px" },
  downloadAll: { note: "link to the ZIP file holding the whole press kit" },
  downloadAllNote: { note: "what that ZIP file holds" },
  // Embargo and updates
  embargoedUntil: {
    slots: ["when"],
    note: "notice at the top of an announcement that may not be published yet: Embargoed until {when} (a date, time and time zone)",
  },
  embargoNote: {
    note: "under that notice: journalists may not publish, broadcast or post the news before that time",
  },
  embargoSubject: {
    slots: ["when", "subject"],
    note: "the subject of an embargoed email: the notice, then the announcement's title",
  },
  update: { note: "label of an update added to an announcement after it was published" },
  correction: { note: "label of a correction added to an announcement after it was published" },
  updateOn: {
    slots: ["kind", "date"],
    note: "an update's heading: its label (the words update or correction) and its date",
  },
  pressKitAttached: {
    note: "in an embargoed email, which links to no public page yet: the press kit is attached to it instead",
  },
  noAnnouncements: {
    note: "shown on the newsroom and the press-kit page while there is no announcement yet",
  },
} as const satisfies Record<string, { note: string; slots?: readonly string[] }>;

export type WordKey = keyof typeof wordKeys;

/** One message per key: what a dictionary or labels.yaml gives. */
export type Messages = Record<WordKey, string>;

type SlotsOf<K extends WordKey> = (typeof wordKeys)[K] extends { slots: infer S } ? S : [];

/** The words of one locale, ready to use: plain text, or a function of the slots in order. */
export type Words = {
  [K in WordKey]: SlotsOf<K> extends readonly []
    ? string
    : (...values: ArgsOf<SlotsOf<K>>) => string;
};
/** Slots that take a number (plural rules choose the words by it); the others take text. */
type ArgsOf<S> = S extends readonly [infer Head, ...infer Tail]
  ? [Head extends "count" | "page" | "total" ? number : string, ...ArgsOf<Tail>]
  : [];

/** The values a key's message is given, in order. */
export const slotsOf = (key: WordKey): readonly string[] => {
  const spec: { note: string; slots?: readonly string[] } = wordKeys[key];
  return spec.slots ?? [];
};
