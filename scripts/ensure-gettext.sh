#!/bin/sh
# GNU gettext, for `make messages` and the test that the catalogues hold every message of the
# code: installed from Debian when running as root on Debian/Ubuntu; elsewhere install it yourself.
# The site itself does not need it (the compiled catalogues are in the repository).
command -v xgettext >/dev/null 2>&1 && command -v msgfmt >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's gettext for the message catalogues..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null) \
    && exit 0
fi
echo "GNU gettext is not installed and could not be installed: install it to run 'make messages'."
exit 1
