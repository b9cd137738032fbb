// What each command does and takes, for `herald --help` and `herald <command> --help`. Kept
// apart from the commands, so help and wrong usage load none of the renderers.

/** The port `herald unsubscribe-server` listens on when --port does not say. */
export const DEFAULT_PORT = 8058;

export const buildUsage = `herald build [--content DIR] [--out DIR] [--paper a4|letter] [--now DATETIME] [--jobs N] [--no-cache]

Builds every output from the content folder (default: the sample content) into DIR
(default: ./out), and writes DIR/manifest.json. Press kits are printed on A4 unless
--paper letter asks for US Letter. The build happens in a temporary folder that
replaces DIR only when everything succeeded, so a failed build leaves DIR as it was.
An announcement whose embargo is after --now (default: the current time, or a date and
time with its offset like 2026-12-01T09:00:00+01:00) is not published: nothing of it goes
into DIR/site, and its page, press kit and email are made into DIR/embargoed to preview.
Press kits and newsletters are rendered on --jobs threads (default: one per core, fewer
for a few). What a build makes is kept beside DIR, in .DIR.herald-cache, under the hash of
everything that went into it: the next build makes again only what changed. --no-cache
neither reads nor writes it; deleting the folder clears it. The files are the same either
way.`;

export const checkUsage = `herald check [--content DIR] [--now DATETIME]

Validates the content folder (default: the sample content) and reports every problem with
its file, line, column and field, then when each embargo still ahead of --now (default: the
current time) lifts. Exit code 0 when the content is valid, 1 when it is not.`;

export const devUsage = `herald dev [--content DIR] [--port N]

Builds the content (default: the sample), serves the preview on http://127.0.0.1:PORT/
(default 4173) and rebuilds on every change to the content folder; open pages reload by
themselves. In this repository it also restarts when a renderer's build changes (run
\`pnpm turbo run build --filter=./packages/*\` or tsup --watch in a package). Content mistakes show in the browser as an overlay and in the terminal, while the
last good build stays served. Ctrl-C stops it.`;

export const labelsUsage = `herald labels --locale LOCALE

Prints a labels.yaml for LOCALE: every interface word Herald prints (headings, labels, the
email's greeting and footer), what each is for, and the words to start from. Save it in the
content folder as labels.yaml (or add its lines to the one there), translate, then run
herald check. Example: herald labels --locale sv > content/labels.yaml`;

export const sendUsage = `herald send --announcement ID --recipients FILE.csv [--content DIR] [--out DIR]
            [--locale L] [--smtp URL] [--journal FILE] [--suppressions FILE] [--rate N]
            [--attach-pdf] [--dry-run] [--under-embargo]
            [--insecure] [--dkim-domain D --dkim-selector S --dkim-key FILE] [--skip-verify]

Sends the announcement's newsletter to every recipient of FILE.csv (UTF-8, comma-separated,
first line email,name,locale), each in the translation nearest to their locale. Without --smtp
(or SMTP_URL in the environment) it writes one .eml per recipient into OUT-outbox/<id>/ beside
OUT, where a build never touches them. SMTP credentials come from the URL or from SMTP_USER and
SMTP_PASSWORD, and are never printed. Without TLS (smtps:// or STARTTLS) only a server on this
machine is used, unless --insecure. A journal (default: beside OUT, OUT-send-<id>.journal;
never inside OUT or the content folder) records every recipient's outcome and where it went;
running the same send again after a crash or Ctrl-C sends only to those not yet accepted, and
a send by SMTP after an outbox run sends to everyone the outbox got. One send at a time per
journal (a lock file beside it; symlinks lead to the same journal). Nobody on the suppression
list (default: suppressions.csv beside OUT; see herald suppress) is sent to. Sending by SMTP
needs newsletter.postalAddress in site.yaml; an unsubscribe URL with {token} needs
HERALD_UNSUBSCRIBE_SECRET (the secret herald unsubscribe-server checks tokens with).
DKIM_PRIVATE_KEY may hold the key instead of --dkim-key. Before sending, the build in OUT is
checked as herald verify does (--skip-verify to send anyway).
An announcement under embargo is not sent unless --under-embargo says to (to brief
journalists): each email then says it is embargoed until when, in its subject and at its top,
links to nothing on the site (there is nothing there yet) and carries the press kit.
Exit code 1 when any recipient failed or the server or journal failed, 130 when interrupted.`;

export const suppressUsage = `herald suppress add EMAIL... [--reason TEXT] | import PATH...  [--suppressions FILE]

Keeps the suppression list: everyone herald send must not mail again, because they
unsubscribed, their address bounced for good, or they complained. It is a CSV file with the
columns email,reason,date: by default suppressions.csv beside the output folder (--out, default
out), or --suppressions FILE; never inside the output folder or the content folder (--content).

  herald suppress add EMAIL... [--reason TEXT]
      Adds the addresses, with the reason "added by hand" unless --reason gives one.
  herald suppress import PATH...
      Reads bounces and complaints from maildirs (cur/ and new/), folders of .eml files, mbox
      files or single .eml files. Adds the addresses that bounced for good (a delivery status
      notification with Action: failed and a 5.x.x status; X-Failed-Recipients; qmail) or
      complained (ARF feedback reports), and the senders of unsubscribe requests (the subject
      "unsubscribe ADDRESS" of the List-Unsubscribe mailto: address). Delays and temporary
      failures, messages refused for their content or sender (5.7.x), replies and out-of-office
      messages are counted, not added.

Both print every address added and why, and those already on the list: an address is listed
once, however it is written (case; a domain in Unicode or punycode).
Exit code 1 when a file could not be read or written, or a message could not be read (the
others are imported), 2 for an argument that is wrong.`;

export const unsubscribeServerUsage = `herald unsubscribe-server [--host 127.0.0.1] [--port N] [--suppressions FILE] [--out DIR] [--content DIR]

Serves the one-click unsubscribe address of site.yaml (newsletter.unsubscribe.url, which must
hold {email} and {token}) at its path on http://HOST:PORT (default 127.0.0.1:${DEFAULT_PORT}; --port 0
picks a free port). A mail client's one-click POST (RFC 8058) with a valid token adds the
address to the suppression list (default: suppressions.csv beside OUT), which herald send
skips; opening the link shows a page in the reader's language with one button that does the
same (a GET never unsubscribes: link scanners open every link). Tokens are checked with the
secret in HERALD_UNSUBSCRIBE_SECRET, the one herald send signs them with. Run it behind a
reverse proxy that keeps the path and holds the TLS certificate. Prints one line per
unsubscribe (never a token); Ctrl-C or SIGTERM stops it after the requests under way (their
bodies may still be arriving, up to the request time limit); a second one stops it at once.`;

export const verifyUsage = `herald verify [--content DIR] [--out DIR]

Reads the built outputs back (the web pages, the PDF text, both parts of the emails) and
checks that every fact, quote and footnote is in each, that every link resolves (internal
links to files of the build, external ones well-formed) and that the translations agree.
Checks the site's own pages too: the newsroom's entries (date, headline figure), the social
images (whole 1200x630 PNGs, and the og:image tags), the press-kit page (total raised,
company facts, team) and its ZIP.
Prints a table of output x check; exit code 1 on any disagreement.`;
