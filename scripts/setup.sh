#!/usr/bin/env bash
# Installs everything Herald needs on a fresh Debian machine: the system packages its tests
# use, pnpm, and the node modules. Safe to run again; it skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
# System packages the tests use: Debian's Chromium (driven by playwright-core; browser
# downloads do not work here), CJK fonts so screenshots show Chinese, poppler and qpdf to
# read the PDF press kits back, SpamAssassin (offline rules) to score the built emails, and Java
# for the Nu Html Checker (vnu-jar).
APT_PACKAGES=(chromium fonts-noto-cjk poppler-utils qpdf spamassassin)
command -v java >/dev/null 2>&1 || APT_PACKAGES+=(default-jre-headless)

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Herald needs Node.js 20 or newer (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# corepack cannot fetch pnpm here, so install the pinned version with npm.
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install --global --no-fund --no-audit "pnpm@$PNPM_VERSION"
fi

pnpm install --frozen-lockfile

# Permission tests run Herald as the user nobody when they run as root (root may read and
# write anything). nobody must be able to reach the checkout: let it pass through (not list)
# the folders above it, such as a home folder that only root may enter.
if [ "$(id -u)" = 0 ]; then
  dir=$(pwd)
  while [ "$dir" != / ]; do
    chmod o+x "$dir" 2>/dev/null || true
    dir=$(dirname "$dir")
  done
fi
