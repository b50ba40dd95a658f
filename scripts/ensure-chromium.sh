#!/bin/sh
# Make Debian's Chromium available for the browser tests (Playwright cannot download its own
# browser here). Installs it with apt-get when running as root on Debian/Ubuntu; elsewhere it
# only reports, and the browser tests skip themselves with a one-line reason.
for candidate in "$CHROMIUM_PATH" /usr/bin/chromium /usr/bin/chromium-browser; do
  if [ -n "$candidate" ] && [ -x "$candidate" ]; then exit 0; fi
done
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
    && exit 0
fi
echo "No Chromium found (set CHROMIUM_PATH, or install the 'chromium' package): browser tests will be skipped."
exit 1
