import { type Announcement, momentOf, utcText } from "@herald/model";
import { UsageError } from "./errors.js";

// The CLI's side of embargoes: the moment a command takes as now (--now, for builds run ahead
// of time and for tests), and when an embargo lifts, said for people.

/** `--now` as an instant: a date and time with its offset, like the content's embargoes. */
export function nowOption(value: string | undefined, clock = () => new Date()): Date {
  if (value === undefined) return clock();
  try {
    return momentOf(value).instant;
  } catch {
    throw new UsageError(
      `--now must be a date and time with its offset from UTC, like 2026-12-01T09:00:00+01:00 (Z for UTC), not "${value}".`,
    );
  }
}

const relative = new Intl.RelativeTimeFormat("en", { numeric: "always" });

/** "in 3 days", "in 5 hours", "in 12 minutes": how long until `instant`. */
export function howSoon(instant: Date, now: Date): string {
  const minutes = Math.ceil((instant.getTime() - now.getTime()) / 60_000);
  if (minutes < 60) return relative.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours < 48) return relative.format(hours, "hour");
  return relative.format(Math.round(hours / 24), "day");
}

/** "lifts in 3 days, at 2026-12-01 08:00 UTC (2026-12-01T09:00:00+01:00 as written)". */
export function liftsWhen(a: Pick<Announcement, "embargo">, now: Date): string {
  const written = a.embargo as string;
  const { instant } = momentOf(written);
  const utc = utcText(instant)
    .replace("T", " ")
    .replace(/(:00)?Z$/, " UTC");
  return `lifts ${howSoon(instant, now)}, at ${utc} (${written} as written)`;
}
