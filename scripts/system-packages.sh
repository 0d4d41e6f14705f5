#!/bin/sh
# Install the Debian packages duban needs, only those missing: LibreOffice converts
# legacy .doc/.xls/.wps/.et files; Chromium runs the browser tests; fonts-noto-cjk
# gives Chinese text a font in screenshots and PDFs.
set -eu
missing=""
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui libreoffice-calc-nogui"
[ "${1:-}" = "--with-test-tools" ] && {
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  [ -d /usr/share/fonts/opentype/noto ] || missing="$missing fonts-noto-cjk"
}
[ -z "$missing" ] && exit 0
echo "安装系统软件包：$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
