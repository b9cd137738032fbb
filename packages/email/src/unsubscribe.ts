import { createHmac, timingSafeEqual } from "node:crypto";
import { placeholdersIn } from "@herald/model";

// One-click unsubscribe addresses (RFC 8058). The address names the recipient, so it must be
// signed: the token is an HMAC-SHA256 of the lower-cased address with a secret only the
// sender and the unsubscribe server know, so nobody can unsubscribe someone else.

/** The environment variable that holds the secret. */
export const UNSUBSCRIBE_SECRET_ENV = "HERALD_UNSUBSCRIBE_SECRET";

/** Shorter secrets can be guessed; 16 characters of a password generator are plenty. */
export const MIN_SECRET_LENGTH = 16;

/** The token of `email` under `secret`, base64url. */
export const unsubscribeToken = (email: string, secret: string) =>
  createHmac("sha256", secret).update(email.toLowerCase()).digest("base64url");

/** Whether `token` is the token of `email`, compared in constant time. */
export function tokenMatches(email: string, token: string, secret: string): boolean {
  const expected = Buffer.from(unsubscribeToken(email, secret));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether an unsubscribe URL asks for a signed token. */
export const needsToken = (url: string) => placeholdersIn(url).includes("token");

/** What is wrong with the secret, in words that never quote it, or undefined. */
export function secretProblem(secret: string | undefined): string | undefined {
  if (secret === undefined || secret === "") return `${UNSUBSCRIBE_SECRET_ENV} is not set`;
  // Spaces add nothing an attacker must guess.
  if (secret.replace(/\s/g, "").length < MIN_SECRET_LENGTH)
    return `${UNSUBSCRIBE_SECRET_ENV} is shorter than ${MIN_SECRET_LENGTH} characters, too short to keep tokens from being guessed`;
  return undefined;
}

export interface UnsubscribeValues {
  email: string;
  locale: string;
  /** The token, when the URL asks for one. */
  token?: string;
}

/** The URL for one recipient: each placeholder (as written or percent-encoded) filled in. */
export function fillUnsubscribeUrl(template: string, values: UnsubscribeValues): string {
  return template.replace(/\{(email|token|locale)\}|%7B(email|token|locale)%7D/gi, (_, a, b) => {
    const name = String(a ?? b).toLowerCase() as keyof UnsubscribeValues;
    return encodeURIComponent(values[name] ?? "");
  });
}
