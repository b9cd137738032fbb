// The few words the outputs print around the content, in every language Herald supports.
// A locale without its own dictionary uses its language's, then English; `herald check`
// warns about that (see `hasLabels`).

type Words = {
  leadInvestor: string;
  leadInvestors: string;
  participants: string;
  boardMembers: string;
  round: string;
  amount: string;
  factSheet: string;
  metrics: string;
  quotes: string;
  ecosystem: string;
  useOfFunds: string;
  hires: string;
  about: string;
  pressContact: string;
  pressKit: string;
  downloadPdf: string;
  otherLanguages: string;
  footnotes: string;
  backToContent: string;
  translatorNote: string;
  source: string;
  published: string;
  by: string;
  newsroom: string;
  viewInBrowser: string;
  unsubscribe: string;
  table: string;
  skipToContent: string;
  notFound: string;
  notFoundText: string;
  chooseLanguage: string;
  logScale: string;
  feed: string;
  allNews: string;
  email: string;
  phone: string;
  logo: string;
  page: (n: number, total: number) => string;
  whyReceived: (company: string) => string;
  links: string;
  sampleRecipient: string;
  greeting: (name: string) => string;
  greetingWithoutName: string;
  over: (figure: string) => string;
  about_: (figure: string) => string;
  withUnit: (figure: string, unit: string) => string;
  quoteBy: (name: string) => string;
  /** A person's role at an organization: "Partner, Greylock", "Greylock 合伙人". */
  roleAt: (role: string | undefined, organization: string | undefined) => string;
  /** A person named with what they do: "Jerry Chen, Partner, Greylock". */
  credit: (name: string, detail: string) => string;
  /** "Name (note)", with the locale's brackets and spacing. */
  withNote: (text: string, note: string) => string;
  /** "Label: value", with the locale's colon. */
  labelled: (label: string, value: string) => string;
  image: (alt: string) => string;
};

const en: Words = {
  leadInvestor: "Lead investor",
  leadInvestors: "Lead investors",
  participants: "Participating investors",
  boardMembers: "New board members",
  round: "Round",
  amount: "Amount",
  factSheet: "Fact sheet",
  metrics: "Key figures",
  quotes: "Quotes",
  ecosystem: "Ecosystem",
  useOfFunds: "Use of funds",
  hires: "New hires",
  about: "About",
  pressContact: "Press contact",
  pressKit: "Press kit",
  downloadPdf: "Download the press kit (PDF)",
  otherLanguages: "Other languages",
  footnotes: "Notes",
  backToContent: "Back to the text",
  translatorNote: "Translator's note",
  source: "Original",
  published: "Published",
  by: "By",
  newsroom: "Newsroom",
  viewInBrowser: "View in your browser",
  unsubscribe: "Unsubscribe",
  table: "Table",
  skipToContent: "Skip to content",
  notFound: "Page not found",
  notFoundText:
    "There is no page at this address. It may have moved; the newsroom lists every announcement.",
  chooseLanguage: "Choose a language",
  logScale: "Bar lengths use a logarithmic scale, so figures of very different sizes stay visible.",
  feed: "News feed (Atom)",
  allNews: "All news",
  email: "Email",
  phone: "Phone",
  logo: "Logo",
  page: (n, total) => `${n} / ${total}`,
  whyReceived: (company) => `You receive this email because you are on ${company}'s investor list.`,
  links: "Links",
  sampleRecipient: "Alex Investor",
  greeting: (name) => `Dear ${name},`,
  greetingWithoutName: "Hello,",
  over: (figure) => `over ${figure}`,
  about_: (figure) => `about ${figure}`,
  withUnit: (figure, unit) => `${figure} ${unit}`,
  quoteBy: (name) => `— ${name}`,
  roleAt: (role, organization) => [role, organization].filter(Boolean).join(", "),
  credit: (name, detail) => (detail ? `${name}, ${detail}` : name),
  withNote: (text, note) => `${text} (${note})`,
  labelled: (label, value) => `${label}: ${value}`,
  image: (alt) => `Image: ${alt}`,
};

// Han characters and full-width punctuation: Chinese puts no space between them.
const cjkEnd = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef]$/u;
const cjkStart = /^[\p{Script=Han}\u3000-\u303f\uff00-\uffef]/u;

const zhHans: Words = {
  leadInvestor: "领投方",
  leadInvestors: "领投方",
  participants: "跟投方",
  boardMembers: "新任董事",
  round: "轮次",
  amount: "金额",
  factSheet: "融资概况",
  metrics: "关键数据",
  quotes: "引语",
  ecosystem: "生态系统",
  useOfFunds: "资金用途",
  hires: "新成员",
  about: "关于",
  pressContact: "媒体联系人",
  pressKit: "新闻资料包",
  downloadPdf: "下载新闻资料包（PDF）",
  otherLanguages: "其他语言",
  footnotes: "注释",
  backToContent: "返回正文",
  translatorNote: "译者注",
  source: "原文",
  published: "发布于",
  by: "作者",
  newsroom: "新闻中心",
  viewInBrowser: "在浏览器中查看",
  unsubscribe: "退订",
  table: "表格",
  skipToContent: "跳到正文",
  notFound: "找不到页面",
  notFoundText: "这个地址没有页面，它可能已经移动。新闻中心列出了所有公告。",
  chooseLanguage: "选择语言",
  logScale: "条形长度采用对数刻度，以便大小差异悬殊的数字都能看清。",
  feed: "新闻订阅（Atom）",
  allNews: "全部新闻",
  email: "电子邮件",
  phone: "电话",
  logo: "标志",
  page: (n, total) => `${n} / ${total}`,
  whyReceived: (company) => `您收到这封邮件，是因为您在 ${company} 的投资者名单上。`,
  links: "链接",
  sampleRecipient: "李投资",
  greeting: (name) => `${name}，您好：`,
  greetingWithoutName: "您好：",
  over: (figure) => `超过 ${figure}`,
  about_: (figure) => `约 ${figure}`,
  // "300 位" but "40 万次": a space after digits, none after a Han character.
  withUnit: (figure, unit) => `${figure}${/\p{Script=Han}$/u.test(figure) ? "" : " "}${unit}`,
  quoteBy: (name) => `——${name}`,
  // "Greylock 合伙人", "红杉中国合伙人": a space only where Latin letters meet Han ones.
  roleAt: (role, organization) =>
    role && organization
      ? `${organization}${cjkEnd.test(organization) && cjkStart.test(role) ? "" : " "}${role}`
      : (role ?? organization ?? ""),
  credit: (name, detail) => (detail ? `${name}，${detail}` : name),
  withNote: (text, note) => `${text}（${note}）`,
  labelled: (label, value) => `${label}：${value}`,
  image: (alt) => `图片：${alt}`,
};

const zhHant: Words = {
  ...zhHans,
  leadInvestor: "領投方",
  leadInvestors: "領投方",
  participants: "跟投方",
  boardMembers: "新任董事",
  round: "輪次",
  amount: "金額",
  factSheet: "融資概況",
  metrics: "關鍵數據",
  quotes: "引語",
  ecosystem: "生態系統",
  useOfFunds: "資金用途",
  hires: "新成員",
  about: "關於",
  pressContact: "媒體聯絡人",
  pressKit: "新聞資料包",
  downloadPdf: "下載新聞資料包（PDF）",
  otherLanguages: "其他語言",
  footnotes: "註釋",
  backToContent: "返回正文",
  translatorNote: "譯者註",
  source: "原文",
  published: "發布於",
  newsroom: "新聞中心",
  viewInBrowser: "在瀏覽器中查看",
  unsubscribe: "取消訂閱",
  table: "表格",
  skipToContent: "跳到正文",
  notFound: "找不到頁面",
  notFoundText: "這個地址沒有頁面，它可能已經移動。新聞中心列出了所有公告。",
  chooseLanguage: "選擇語言",
  logScale: "條形長度採用對數刻度，以便大小差異懸殊的數字都能看清。",
  feed: "新聞訂閱（Atom）",
  allNews: "全部新聞",
  email: "電子郵件",
  phone: "電話",
  logo: "標誌",
  over: (figure) => `超過 ${figure}`,
  whyReceived: (company) => `您收到這封郵件，是因為您在 ${company} 的投資者名單上。`,
  links: "連結",
  sampleRecipient: "李投資",
  image: (alt) => `圖片：${alt}`,
};

const dictionaries: Record<string, Words> = {
  en,
  zh: zhHans,
  "zh-Hans": zhHans,
  "zh-CN": zhHans,
  "zh-SG": zhHans,
  "zh-Hant": zhHant,
  "zh-TW": zhHant,
  "zh-HK": zhHant,
  "zh-MO": zhHant,
};

const candidates = (locale: string): string[] => {
  try {
    const l = new Intl.Locale(locale).maximize();
    return [locale, `${l.language}-${l.script}`, `${l.language}-${l.region}`, l.language];
  } catch {
    return [locale];
  }
};

/** Whether Herald has the words for `locale` (else `labels` falls back to English). */
export function hasLabels(locale: string): boolean {
  return candidates(locale).some((c) => c in dictionaries);
}

const chosen = new Map<string, Words>();

/** The labels for `locale`: its own, its language's, or English. */
export function labels(locale: string): Words {
  let words = chosen.get(locale);
  if (!words) {
    words = dictionaries[candidates(locale).find((c) => c in dictionaries) ?? "en"] ?? en;
    chosen.set(locale, words);
  }
  return words;
}

export type Labels = Words;

/**
 * The words a pattern puts before and after its slot, so an output can put markup there (a
 * link on a name): `around((name) => words.credit(name, detail))` is ["", ", Partner, Acme"].
 */
export function around(pattern: (slot: string) => string): [before: string, after: string] {
  const [before = "", after = ""] = pattern("\u0000").split("\u0000");
  return [before, after];
}
