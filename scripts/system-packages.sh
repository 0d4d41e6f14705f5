#!/bin/sh
# Install the Debian packages duban needs, only those missing (LibreOffice converts
# legacy .doc/.xls/.wps/.et files and opens our exports in tests).
set -eu
missing=""
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui libreoffice-calc-nogui"
[ -z "$missing" ] && exit 0
echo "安装系统软件包：$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
