#!/bin/sh
# Install the Debian packages msgaudit needs (only those missing), then
# configure and build it in this folder.  Run as root (or with sudo) on
# Debian 12.  CONFIGURE_FLAGS is passed to ./configure.
set -e
cd "$(dirname "$0")/.."
PKGS="build-essential autoconf automake pkg-config libcurl4-openssl-dev libxml2-dev
libpcre2-dev libinih-dev libcmark-gfm-dev libcmark-gfm-extensions-dev cmark-gfm
libjansson-dev libcmocka-dev libmicrohttpd-dev zlib1g-dev libxml2-utils man-db"
# used by tests and benchmarks when present
EXTRA="python3-jsonschema chromium nginx wget2 wget wrk"
missing=""
for p in $PKGS ${WITH_EXTRAS:+$EXTRA}; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO=sudo
	echo "msgaudit setup: installing$missing"
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ -x configure ] || autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
[ -f Makefile ] || ./configure -q ${CONFIGURE_FLAGS:-}
make -j"$(nproc)" >/dev/null
echo "msgaudit setup: built ./msgaudit"
