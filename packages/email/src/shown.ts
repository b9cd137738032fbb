/**
 * A value from a user's file, fit for a terminal line: control characters (which could move
 * the cursor, retitle the window or clear the screen) escaped as \uXXXX, and at most `max`
 * characters long.
 */
export function shown(value: string, max = 60): string {
  const escaped = value.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point.
    /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  return escaped.length > max ? `${escaped.slice(0, max - 1)}…` : escaped;
}
