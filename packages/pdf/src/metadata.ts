import { escapeHtml } from "@herald/model";
import { PDFDict, type PDFDocument, PDFName } from "pdf-lib";
import { literal } from "./serialized.js";

// The press kit's metadata, written once into both places readers look: the Info dictionary
// (what a viewer's document properties show) and an XMP packet in the catalog, which PDF/UA-1
// requires (§7.1: dc:title, and pdfuaid:part to declare the conformance) and which tools such
// as veraPDF and digital archives read.

export interface Metadata {
  title: string;
  author: string;
  /** What the document is about (a viewer's "Subject"). */
  subject: string;
  keywords: string;
  /** The document's language (BCP 47). */
  lang: string;
  created: Date;
  modified: Date;
  /**
   * Further entries of the Info dictionary (tools' own keys, such as /Embargo), also in the
   * XMP packet's pdfx namespace, where custom Info entries go (XMP Specification Part 2).
   */
  extra?: Record<string, string>;
  /** With the XMP packet (a tagged press kit), or the Info dictionary alone. */
  xmp: boolean;
}

/** Sets the Info dictionary, the catalog's language and title display, and the XMP packet. */
export function setMetadata(doc: PDFDocument, meta: Metadata): void {
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  // One string: pdf-lib joins keywords with spaces, which would run "Press kit" into the rest.
  doc.setKeywords([meta.keywords]);
  doc.setProducer("Herald");
  doc.setCreator("Herald");
  doc.setCreationDate(meta.created);
  doc.setModificationDate(meta.modified);
  doc.setLanguage(meta.lang);
  const { context } = doc;
  const info = context.lookup(context.trailerInfo.Info, PDFDict);
  for (const [key, value] of Object.entries(meta.extra ?? {})) {
    info.set(PDFName.of(key), literal(value));
  }
  if (!meta.xmp) return;
  // Uncompressed, as XMP packets are meant to be found by tools that scan a file's bytes.
  const stream = context.stream(xmp(meta), { Type: "Metadata", Subtype: "XML" });
  doc.catalog.set(PDFName.of("Metadata"), context.register(stream));
}

/** The XMP packet (ISO 16684-1) saying what the Info dictionary says, and PDF/UA-1. */
export function xmp(meta: Metadata): Uint8Array {
  // Dates as the Info dictionary has them (pdf-lib writes them in UTC, to the second).
  const date = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, "Z");
  const alt = (text: string) =>
    `<rdf:Alt><rdf:li xml:lang="x-default">${escapeHtml(text)}</rdf:li></rdf:Alt>`;
  const packet = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
   <dc:format>application/pdf</dc:format>
   <dc:title>${alt(meta.title)}</dc:title>
   <dc:creator><rdf:Seq><rdf:li>${escapeHtml(meta.author)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description>${alt(meta.subject)}</dc:description>
   <dc:language><rdf:Bag><rdf:li>${escapeHtml(meta.lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Keywords>${escapeHtml(meta.keywords)}</pdf:Keywords>
   <pdf:Producer>Herald</pdf:Producer>
   <xmp:CreatorTool>Herald</xmp:CreatorTool>
   <xmp:CreateDate>${date(meta.created)}</xmp:CreateDate>
   <xmp:ModifyDate>${date(meta.modified)}</xmp:ModifyDate>
   <xmp:MetadataDate>${date(meta.modified)}</xmp:MetadataDate>
${Object.entries(meta.extra ?? {})
  .map(([key, value]) => `   <pdfx:${key}>${escapeHtml(value)}</pdfx:${key}>\n`)
  .join("")}  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>`;
  return new TextEncoder().encode(packet);
}
