#!/usr/bin/env bash
# Installs the named Debian packages that are missing (apt-get, via sudo when not root).
# Idempotent: does nothing, and needs no network, when everything is already installed.
# On macOS it installs the Homebrew equivalents of the build dependencies instead.
set -euo pipefail

if command -v dpkg-query >/dev/null 2>&1; then
  missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && exit 0
  echo "installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
elif command -v brew >/dev/null 2>&1; then
  brew list jpeg-turbo libpng webp little-cms2 libdeflate zopfli libimagequant pkg-config >/dev/null 2>&1 || brew install jpeg-turbo libpng webp little-cms2 libdeflate zopfli libimagequant pkg-config
else
  echo "install libjpeg-turbo, libpng, libwebp and pkg-config with your package manager" >&2
fi
