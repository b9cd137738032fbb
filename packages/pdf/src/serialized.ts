import {
  copyStringIntoBuffer,
  type PDFContext,
  PDFHexString,
  PDFObject,
  type PDFRef,
  PDFString,
} from "pdf-lib";

// pdf-lib keeps every object as a tree of objects (a dictionary is a Map of names to numbers,
// arrays and strings) until the document is saved. A long press kit has tens of thousands of
// link annotations, each a few dictionaries: held as objects they took about 60 MB of a 5 MB
// body's press kit (issue 15). An object nothing changes any more is serialized at once, and
// written as those bytes when the document is saved: the same bytes pdf-lib would write.

/** An object written as the bytes pdf-lib serialized it to (all below 256: kept as latin1). */
class SerializedObject extends PDFObject {
  constructor(private readonly text: string) {
    super();
  }
  override clone(): PDFObject {
    return this;
  }
  override toString(): string {
    return this.text;
  }
  override sizeInBytes(): number {
    return this.text.length;
  }
  override copyBytesInto(buffer: Uint8Array, offset: number): number {
    return copyStringIntoBuffer(this.text, buffer, offset);
  }
}

/** An object written as `text`, which must be PDF syntax (a dictionary, an array). */
export const rawObject = (text: string): PDFObject => new SerializedObject(text);

/** `object` serialized now: nothing may change it later. */
export function serialized(object: PDFObject): PDFObject {
  const bytes = new Uint8Array(object.sizeInBytes());
  object.copyBytesInto(bytes, 0);
  return new SerializedObject(Buffer.from(bytes).toString("latin1"));
}

/** Registers `object` as an indirect object, serialized now: nothing may change it later. */
export function registerSerialized(context: PDFContext, object: PDFObject): PDFRef {
  return context.register(serialized(object));
}

/**
 * A text string as short as the PDF can hold it: printable ASCII as a literal string, else
 * hex-encoded UTF-16 (four hex digits a character). Tagging gives every link and many
 * elements a text: as UTF-16 an English press kit's grew by a tenth more.
 */
export function textString(text: string): PDFString | PDFHexString {
  return /^[\x20-\x7e]*$/.test(text) ? literal(text) : PDFHexString.fromText(text);
}

/**
 * A literal string of `text` (bytes below 256). pdf-lib writes a literal string as given: a
 * ")" in it (an address such as https://en.wikipedia.org/wiki/Foo_(bar)) ended the string
 * early and broke every object after it. Backslashes and parentheses are escaped here.
 */
export const literal = (text: string): PDFString => PDFString.of(text.replace(/[\\()]/g, "\\$&"));
