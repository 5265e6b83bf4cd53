#!/usr/bin/env bash
# Installs what briefpack needs on a fresh Debian/Ubuntu machine, and nothing that is already there:
# Chromium (to print PDFs), poppler-utils, epubcheck and LibreOffice Impress (the tests read outputs
# with them: Impress opens slides.pptx as PowerPoint would and prints it), and the
# npm dependencies. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

apt_packages=(poppler-utils epubcheck libreoffice-impress-nogui)
# A browser already there (a CI runner's Google Chrome, or CHROME_PATH) will do.
if [ -z "${CHROME_PATH:-}" ] && ! command -v chromium >/dev/null && ! command -v google-chrome >/dev/null && ! command -v google-chrome-stable >/dev/null; then
  apt_packages+=(chromium)
fi
missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if ! command -v apt-get >/dev/null; then
    echo "setup: please install ${missing[*]} with your package manager (or set CHROME_PATH to a Chrome)" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# puppeteer-core never downloads a browser; the variable guards against any puppeteer added later.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies"
  PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

# DAISY Ace, which the tests run on every EPUB: a tool, not a dependency of briefpack, so it lives
# apart in node_modules/.ace. --ignore-scripts: its Electron and puppeteer would download browsers;
# the tests run its ace-puppeteer on the Chromium above.
ace_version=1.4.6
if [ ! -x node_modules/.ace/node_modules/.bin/ace-puppeteer ] || ! grep -q "\"version\": \"$ace_version\"" node_modules/.ace/node_modules/@daisy/ace/package.json 2>/dev/null; then
  echo "setup: installing DAISY Ace $ace_version (EPUB accessibility checks in the tests)"
  mkdir -p node_modules/.ace
  npm install --prefix node_modules/.ace --ignore-scripts --no-audit --no-fund --no-save --loglevel=error "@daisy/ace@$ace_version" >/dev/null
fi
