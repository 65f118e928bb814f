#!/bin/sh
# Create .venv with the system python3. Debian splits `venv` into python3-venv; install it when
# we can (root + apt-get), otherwise say how.
set -eu
VENV=${1:-.venv}
[ -x "$VENV/bin/python" ] && exit 0
if ! python3 -m venv "$VENV" 2>/dev/null; then
  rm -rf "$VENV"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "python3 -m venv failed; installing python3-venv with apt-get" >&2
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    python3 -m venv "$VENV"
  else
    echo "error: python3 -m venv failed. On Debian/Ubuntu run: sudo apt-get install python3-venv" >&2
    exit 1
  fi
fi
