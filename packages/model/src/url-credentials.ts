// A user name or password in a published address gives it away to every reader, and a
// diagnostic must not print it either (CI logs are read by many).

const WITH_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)[^/?#\\]*@/i;

/** True when an absolute address carries a user name or password (`https://user:pw@host`). */
export function hasCredentials(url: URL): boolean {
  return url.username !== "" || url.password !== "";
}

/** The address with its user name and password replaced by `***`, for messages. */
export const hideCredentials = (value: string): string => value.replace(WITH_USERINFO, "$1***@");
