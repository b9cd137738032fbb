import type { Messages } from "./keys.js";

// Modern Standard Arabic as Arab business press and investor mail write it. Plural forms:
// one, two (the dual) and other; a label never shows its count, so zero, few and many read
// as the plural ("other"). The Arabic comma (،) joins words; colon and parentheses are the
// common ones (bidi mirrors the parentheses). Forms of address are gender-neutral.
export const ar: Messages = {
  factSheet: "ملخص الجولة",
  round: "الجولة",
  amount: "قيمة التمويل",
  leadInvestors:
    "{count, plural, one {المستثمر الرئيسي} two {المستثمران الرئيسيان} other {المستثمرون الرئيسيون}}",
  participants:
    "{count, plural, one {المستثمر المشارك} two {المستثمران المشاركان} other {المستثمرون المشاركون}}",
  boardMembers:
    "{count, plural, one {عضو مجلس الإدارة الجديد} two {عضوا مجلس الإدارة الجديدان} other {أعضاء مجلس الإدارة الجدد}}",
  metrics: "أبرز الأرقام",
  logScale:
    "رُسمت الأعمدة بمقياس لوغاريتمي كي تبقى الأرقام المتباينة في أحجامها تباينًا كبيرًا واضحةً للعيان.",
  quotes: "تصريحات",
  ecosystem: "المنظومة",
  useOfFunds: "أوجه استخدام التمويل",
  hires: "{count, plural, one {تعيين جديد} two {تعيينان جديدان} other {تعيينات جديدة}}",
  about: "نبذة عن {company}",
  pressContact: "للتواصل الإعلامي",
  footnotes: "الحواشي",
  translatorNote: "ملاحظة المترجم",
  source: "النص الأصلي",
  newsroom: "المركز الإعلامي",
  allNews: "جميع الأخبار",
  pressKit: "الملف الصحفي",
  downloadPdf: "تنزيل الملف الصحفي (PDF)",
  otherLanguages: "لغات أخرى",
  chooseLanguage: "اختر اللغة",
  byline: "بقلم {name}",
  feed: "موجز الأخبار (Atom)",
  skipToContent: "انتقل إلى المحتوى",
  backToContent: "العودة إلى النص",
  table: "جدول",
  image: "صورة: {alt}",
  logo: "شعار {name}",
  logos: "الشعارات",
  notFound: "الصفحة غير موجودة",
  notFoundText:
    "لا توجد صفحة على هذا العنوان، وربما نُقلت إلى مكان آخر. تجد جميع الإعلانات في المركز الإعلامي.",
  email: "البريد الإلكتروني",
  phone: "الهاتف",
  page: "صفحة {page} من {total}",
  viewInBrowser: "عرض في المتصفح",
  greeting: "مرحبًا {name}،",
  greetingWithoutName: "مرحبًا،",
  sampleRecipient: "نور أحمد",
  whyReceived: "تصلك هذه الرسالة لأن عنوانك مدرج في قائمة مستثمري {company}.",
  unsubscribe: "إلغاء الاشتراك",
  links: "الروابط",
  unsubscribeQuestion: "إلغاء اشتراك {email} في رسائل المستثمرين من {company}؟",
  unsubscribed: "تم إلغاء اشتراكك",
  unsubscribedText: "لن تصل رسائل المستثمرين من {company} إلى {email} بعد الآن.",
  unsubscribeInvalid: "رابط إلغاء الاشتراك هذا غير صالح",
  unsubscribeInvalidText:
    "ربما سقط جزء من الرابط. يُرجى استخدام رابط إلغاء الاشتراك الوارد في أحدث رسالة من {company} كما هو، أو الرد على تلك الرسالة لطلب حذف العنوان من القائمة.",
  over: "أكثر من {figure}",
  approximately: "نحو {figure}",
  withUnit: "{figure} {unit}",
  quoteBy: "— {credit}",
  roleAt: "{role} في {organization}",
  credit: "{name}، {detail}",
  withNote: "{text} ({note})",
  labelled: "{label}: {value}",
  alongside: "{first}، {next}",
};
