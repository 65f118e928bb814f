#!/bin/sh
# `make serve-replicas` and `python -m bench.capacity --replicas N` put the dashboard's server
# processes behind HAProxy from Debian's packages. Install it where we can (root + apt-get, the
# way ensure-chromium.sh installs Chromium); otherwise say how. Only the package is installed:
# no service is enabled or started (our scripts run haproxy in the foreground with their own
# configuration, on loopback).
set -eu
HAPROXY=${HAPROXY:-haproxy}
command -v "$HAPROXY" >/dev/null 2>&1 && exit 0
[ -x /usr/sbin/haproxy ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing haproxy with apt-get" >&2
  apt-get update -qq && apt-get install -y -qq haproxy >/dev/null
  { command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ]; } && exit 0
fi
echo "error: HAProxy is needed to serve several server processes and was not found." >&2
echo "       Install it (Debian: sudo apt-get install haproxy), or set HAPROXY=/path/to/haproxy." >&2
exit 1
