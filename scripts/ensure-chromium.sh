#!/bin/sh
# The browser tests drive the system Chromium. Install it where we can; otherwise say how.
# Under CI=true a missing browser is an error, never a skip.
set -eu
BROWSER=${CHROMIUM:-/usr/bin/chromium}
[ -x "$BROWSER" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Chromium not found at $BROWSER; installing it with apt-get" >&2
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  [ -x "$BROWSER" ] && exit 0
fi
echo "error: Chromium is needed for the browser tests and was not found at $BROWSER." >&2
echo "       Install it (Debian: sudo apt-get install chromium) or set CHROMIUM=/path/to/chromium." >&2
echo "       To run only the tests that need no browser: make test-fast" >&2
exit 1
