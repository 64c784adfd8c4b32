#!/bin/sh
# Install the Debian 12 packages annotd builds and tests with (as root).
# Skips apt-get when every package is already there.
set -eu
pkgs="build-essential meson ninja-build pkg-config libzmq3-dev libprotobuf-c-dev
protobuf-c-compiler libuv1-dev libinih-dev libjson-c-dev libcriterion-dev python3"
missing=
for p in $pkgs; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "annotd: missing packages:$missing — run as root (or: sudo apt-get install$missing)" >&2
  exit 1
fi
echo "annotd: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
