import type { Labels } from "./labels.js";

// A moment as content gives it for an embargo or an update: a date and a time with the UTC
// offset the team works in (2026-12-01T09:00:00+01:00). Shown in that offset, the way the team
// wrote it, with the UTC time beside it where it differs; compared as instants.

// RFC 3339 also allows a lowercase t and z, and a space between date and time.
const MOMENT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:\d{2})$/;
/**
 * The same without an offset (or with -00:00, which RFC 3339 reserves for "offset unknown"),
 * or a date alone: a time in an unknown zone, told apart for a clearer error.
 */
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:-00:00)?)?$/;

export interface Moment {
  /** The instant, in UTC. */
  instant: Date;
  /** The offset from UTC the content gives, in minutes (+01:00 is 60). */
  offset: number;
  /** The date as written (in that offset): 2026-12-01. */
  date: string;
}

/** Why `text` is not a moment Herald accepts, or the moment. */
export function parseMoment(
  text: string,
): Moment | { problem: "no-offset" | "not-a-moment" | "not-real" } {
  const m = MOMENT.exec(text);
  if (!m) return { problem: WITHOUT_OFFSET.test(text) ? "no-offset" : "not-a-moment" };
  const [, year, month, day, hour, minute, second = "00", fraction = "", zone = "Z"] = m;
  if (zone === "-00:00") return { problem: "no-offset" };
  const offset =
    zone.toUpperCase() === "Z"
      ? 0
      : (zone.startsWith("-") ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4)));
  const at = new Date(0);
  // setUTCFullYear, not Date.UTC: that reads the years 0 to 99 as 1900 to 1999.
  at.setUTCFullYear(Number(year), Number(month) - 1, Number(day));
  at.setUTCHours(Number(hour), Number(minute), Number(second));
  const wall = at.getTime();
  const back = at.toISOString();
  // Month 13, February 30, 24:00, 09:61 and offsets beyond ±14:00 are all typos.
  if (
    back.slice(0, 19) !== `${year}-${month}-${day}T${hour}:${minute}:${second}` ||
    Math.abs(offset) > 14 * 60 ||
    Number(zone.slice(4) || 0) > 59
  )
    return { problem: "not-real" };
  // Milliseconds count: an embargo at 09:00:00.999 does not lift at 09:00:00.
  const milliseconds = Number(fraction.padEnd(3, "0").slice(0, 3));
  return {
    instant: new Date(wall + milliseconds - offset * 60_000),
    offset,
    date: `${year}-${month}-${day}`,
  };
}

/** The moment a valid text gives (the schema checked it). */
export function momentOf(text: string): Moment {
  const moment = parseMoment(text);
  if ("problem" in moment) throw new Error(`Not a moment: ${text}`);
  return moment;
}

/** The instant as ISO 8601 in UTC, without milliseconds: 2026-12-01T08:00:00Z. */
export const utcText = (instant: Date) => `${instant.toISOString().slice(0, 19)}Z`;

const dateAndTime = {
  year: "numeric",
  month: "long",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
} as const;

/** The locale's name for a UTC offset: "GMT+1", "UTC+5:30", "غرينتش-3". */
function offsetName(offset: number, locale: string): string {
  const hours = Math.trunc(Math.abs(offset) / 60);
  const minutes = Math.abs(offset) % 60;
  // Etc/GMT zones count the other way round (Etc/GMT-1 is UTC+01:00) and cover whole hours;
  // ICU names them in the locale's form, to which the minutes are added.
  const zone = `Etc/GMT${offset > 0 ? "-" : "+"}${Math.max(hours, 1)}`;
  const name =
    new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: "shortOffset" })
      .formatToParts(0)
      .find((p) => p.type === "timeZoneName")?.value ?? `GMT${offset < 0 ? "-" : "+"}1`;
  const written = `${hours}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
  return name.replace(/\d+$/, written);
}

/**
 * The moment as a reader in `locale` reads it, in the offset the content gives, with the UTC
 * time beside it where that differs: "December 1, 2026 at 9:00 AM GMT+1 (8:00 AM UTC)".
 */
export function formatMoment(text: string, locale: string, words: Pick<Labels, "withNote">) {
  const { instant, offset, date } = momentOf(text);
  const inUtc = (options: Intl.DateTimeFormatOptions, at = instant) =>
    new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" }).formatToParts(at);
  if (offset === 0)
    return inUtc({ ...dateAndTime, timeZoneName: "short" })
      .map((p) => p.value)
      .join("");
  // The wall time where the team is: the instant moved by the offset, read as UTC.
  const wall = new Date(instant.getTime() + offset * 60_000);
  const local = inUtc({ ...dateAndTime, timeZoneName: "shortOffset" }, wall)
    .map((p) => (p.type === "timeZoneName" ? offsetName(offset, locale) : p.value))
    .join("");
  // In UTC it may be another day: then the day is said too.
  const sameDay = utcText(instant).startsWith(date);
  const utc = inUtc({
    ...(sameDay ? {} : { month: "long", day: "numeric" }),
    hour: "numeric",
    minute: "2-digit",
    timeZoneName: "short",
  })
    .map((p) => p.value)
    .join("");
  return words.withNote(local, utc);
}
