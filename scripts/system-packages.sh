#!/bin/sh
# Install the Debian packages duban needs, only those missing: LibreOffice converts
# legacy .doc/.xls/.wps/.et files and renders PDF exports; fonts-noto-cjk gives Chinese
# text a font in PDFs and screenshots; Chromium and poppler-utils serve the tests.
set -eu
missing=""
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui libreoffice-calc-nogui"
[ -d /usr/share/fonts/opentype/noto ] || missing="$missing fonts-noto-cjk"
[ "${1:-}" = "--with-test-tools" ] && {
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
}
[ -z "$missing" ] && exit 0
echo "安装系统软件包：$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
