#!/bin/sh
# Install the Debian packages duban needs, only those missing: LibreOffice converts
# legacy .doc/.xls/.wps/.et files and renders PDF exports; fonts-noto-cjk gives Chinese
# text a font in PDFs and screenshots; the OpenLDAP and SASL headers build python-ldap;
# Chromium, poppler-utils, slapd and Node.js serve the tests.
set -eu
missing=""
command -v soffice >/dev/null 2>&1 || missing="$missing libreoffice-writer-nogui libreoffice-calc-nogui"
[ -d /usr/share/fonts/opentype/noto ] || missing="$missing fonts-noto-cjk"
# python-ldap (directory login) has no wheel: pip builds it against OpenLDAP's and SASL's headers.
[ -f /usr/include/ldap.h ] || missing="$missing libldap2-dev"
[ -f /usr/include/sasl/sasl.h ] || missing="$missing libsasl2-dev"
command -v cc >/dev/null 2>&1 || missing="$missing gcc"
[ "${1:-}" = "--with-test-tools" ] && {
  command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
  command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils"
  # The directory-login tests start a real OpenLDAP server (tests/accounts/slapd.py).
  [ -x /usr/sbin/slapd ] || missing="$missing slapd"
  command -v ldapwhoami >/dev/null 2>&1 || missing="$missing ldap-utils"
  # The 统一身份认证 tests start a real OpenID Connect provider on Node.js (tests/accounts/platform.py).
  command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
}
[ -z "$missing" ] && exit 0
echo "安装系统软件包：$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
