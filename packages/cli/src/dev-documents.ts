import {
  type Announcement,
  type AnnouncementDocument,
  announcementDocument,
  type Content,
  companyOf,
} from "@herald/model";

// herald dev's documents (issue 15): an announcement's document is made again only when its
// file, a translation of it or a file every document reads (site.yaml, people, organizations,
// labels, assets) changed. Any other document is the one made before, so `herald dev` knows
// which pages an edit can change, and a newsroom of thousands is not resolved again per edit.

interface Made {
  announcement: Announcement;
  translations: Announcement[];
  shared: string;
  document: AnnouncementDocument;
}

/** Whether two announcements are the same parse: the loader's cache gives the same values. */
const sameAnnouncement = (a: Announcement, b: Announcement) => {
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => a[key as keyof Announcement] === b[key as keyof Announcement])
  );
};

/** Everything of the content (but its announcements) that a document may read, as text. */
const sharedOf = (content: Content, embargoed: boolean) =>
  JSON.stringify([
    embargoed,
    content.dir,
    content.site,
    content.about,
    content.organizations,
    content.people,
    content.words,
    content.assets,
    content.imageSizes,
    content.files,
  ]);

/** The document each document was made as, when it only took a newer company from it. */
const madeAs = new WeakMap<AnnouncementDocument, AnnouncementDocument>();

/**
 * Whether two documents differ at most in their company's total raised (the one thing of a
 * company other announcements change): one was made from the other by DocumentCache.
 */
export const sameButCompany = (a: AnnouncementDocument, b: AnnouncementDocument) =>
  (madeAs.get(a) ?? a) === (madeAs.get(b) ?? b);

/** The documents of one part of the build (published or embargoed), made again only where needed. */
export class DocumentCache {
  private made = new Map<string, Made>();

  /** The document of every translation of `content`, in its order (as the build makes them). */
  documents(content: Content, { embargoed = false } = {}): AnnouncementDocument[] {
    const shared = sharedOf(content, embargoed);
    const byId = new Map<string, Announcement[]>();
    for (const a of content.announcements) byId.set(a.id, [...(byId.get(a.id) ?? []), a]);
    // Companies are shared by the documents of a locale: each is written out once.
    const json = new Map<object, string>();
    const text = (company: object) => {
      let written = json.get(company);
      if (written === undefined) {
        written = JSON.stringify(company);
        json.set(company, written);
      }
      return written;
    };
    const made = new Map<string, Made>();
    const documents = content.announcements.map((announcement) => {
      const key = `${announcement.id}\u0000${announcement.locale}`;
      const translations = byId.get(announcement.id) ?? [];
      const before = this.made.get(key);
      let document: AnnouncementDocument;
      if (
        before &&
        before.shared === shared &&
        sameAnnouncement(before.announcement, announcement) &&
        before.translations.length === translations.length &&
        before.translations.every((t, i) => sameAnnouncement(t, translations[i] as Announcement))
      ) {
        // The company also sums up every funding announcement (the total raised): the
        // document takes the company as it is now, as announcementDocument would.
        const company = companyOf(
          content,
          announcement.locale,
          before.document.body.notes.length + 1,
        );
        if (
          before.document.company === company ||
          text(before.document.company) === text(company)
        ) {
          document = before.document;
        } else {
          document = { ...before.document, company };
          madeAs.set(document, madeAs.get(before.document) ?? before.document);
        }
      } else {
        document = announcementDocument(content, announcement, { embargoed });
      }
      made.set(key, { announcement, translations, shared, document });
      return document;
    });
    this.made = made;
    return documents;
  }
}
