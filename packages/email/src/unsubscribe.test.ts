import { describe, expect, it } from "vitest";
import {
  fillUnsubscribeUrl,
  secretProblem,
  tokenMatches,
  UNSUBSCRIBE_SECRET_ENV,
  unsubscribeToken,
} from "./unsubscribe.js";

// Issue #12: the token that keeps anyone from unsubscribing someone else.

const SECRET = "0123456789abcdef0123456789abcdef";

describe("#12: unsubscribe tokens", () => {
  it("#12: an HMAC-SHA256 of the lower-cased address, base64url, checked whatever the case", () => {
    const token = unsubscribeToken("Ann.Lee@Example.com", SECRET);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token).toBe(unsubscribeToken("ann.lee@example.com", SECRET));
    expect(tokenMatches("ANN.LEE@EXAMPLE.COM", token, SECRET)).toBe(true);
    expect(tokenMatches("bob@example.com", token, SECRET)).toBe(false);
    expect(tokenMatches("ann.lee@example.com", token.slice(0, -1), SECRET)).toBe(false);
    expect(tokenMatches("ann.lee@example.com", token, `${SECRET}x`)).toBe(false);
  });

  it("#12: a secret that is missing, short or mostly spaces is refused, without quoting it", () => {
    for (const secret of [undefined, "", "s3cr", `${" ".repeat(15)}x`, "a b c d e f g h i j"]) {
      const problem = secretProblem(secret);
      expect(problem, JSON.stringify(secret)).toContain(UNSUBSCRIBE_SECRET_ENV);
      if (secret) expect(problem).not.toContain(secret);
    }
    expect(secretProblem(SECRET)).toBeUndefined();
  });

  it("#12: every placeholder is filled, as written or percent-encoded, its value encoded", () => {
    expect(
      fillUnsubscribeUrl("https://n.example.com/u/{locale}/{token}?address=%7Bemail%7D&x={EMAIL}", {
        email: "a+b@example.com",
        locale: "zh-CN",
        token: "t/k",
      }),
    ).toBe("https://n.example.com/u/zh-CN/t%2Fk?address=a%2Bb%40example.com&x=a%2Bb%40example.com");
  });
});
