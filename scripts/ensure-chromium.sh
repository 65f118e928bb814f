#!/bin/sh
# The browser tests drive the system Chromium; the exports (python -m dashboard.brief) draw charts
# and print pages in Debian's chromium-headless-shell, which makes no connection of its own; the
# test that proves an export stays on the machine watches it with strace. Install them where we
# can; otherwise say how. Under CI=true a missing browser is an error, never a skip.
set -eu
BROWSER=${CHROMIUM:-/usr/bin/chromium}
SHELL_BROWSER=${DASHBOARD_EXPORT_BROWSER:-/usr/bin/chromium-headless-shell}
missing=""
[ -x "$BROWSER" ] || missing="$missing chromium"
[ -x "$SHELL_BROWSER" ] || missing="$missing chromium-headless-shell"
command -v strace >/dev/null 2>&1 || missing="$missing strace"
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing with apt-get:$missing" >&2
  # shellcheck disable=SC2086
  apt-get update -qq && apt-get install -y -qq $missing >/dev/null
  [ -x "$BROWSER" ] && [ -x "$SHELL_BROWSER" ] && command -v strace >/dev/null 2>&1 && exit 0
fi
echo "error: needed for the browser and export tests and not found:$missing" >&2
echo "       Install them (Debian: sudo apt-get install chromium chromium-headless-shell strace)," >&2
echo "       or set CHROMIUM=/path/to/chromium and DASHBOARD_EXPORT_BROWSER=/path/to/headless-shell." >&2
echo "       To run only the tests that need no browser: make test-fast" >&2
exit 1
