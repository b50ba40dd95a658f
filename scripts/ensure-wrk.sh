#!/bin/sh
# The HTTP load generator of `make bench`: Debian's wrk, installed with apt-get when running as
# root on Debian/Ubuntu; elsewhere install it yourself (https://github.com/wg/wrk).
command -v wrk >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's wrk for the HTTP benchmark..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null) \
    && exit 0
fi
echo "wrk is not installed and could not be installed: install it, or run 'manage.py bench --no-http'."
exit 1
