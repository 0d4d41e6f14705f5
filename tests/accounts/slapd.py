"""A real OpenLDAP server (Debian's slapd) for the directory-login tests.

Started as the current user on a free loopback port, with its own slapd.conf and database in a
temporary folder, loaded with a small tree: two people under ou=people and a search account.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

SLAPD = "/usr/sbin/slapd"
SLAPADD = "/usr/sbin/slapadd"
INSTALL = (
    "scripts/system-packages.sh --with-test-tools  (apt-get install --no-install-recommends slapd ldap-utils)"
)
SUFFIX = "dc=duban,dc=test"
PEOPLE = f"ou=people,{SUFFIX}"
SEARCHER_DN = f"cn=duban-search,{SUFFIX}"
SEARCHER_PASSWORD = "Search-Bind-2025"


@dataclass(frozen=True)
class Person:
    uid: str
    cn: str
    password: str
    display_name: str = ""


# 王科长 has a displayName (as AD gives); 李主任 only a cn (as many OpenLDAP trees).
WANG = Person(uid="wangkz", cn="王建国", display_name="王科长", password="Dir-Wang-2025!")
LI = Person(uid="lizr", cn="李主任", password="Dir-Li-2025!")


@dataclass(frozen=True)
class Directory:
    uri: str
    suffix: str = SUFFIX
    people: str = PEOPLE

    def user_dn_template(self) -> str:
        return f"uid=%(user)s,{self.people}"


def _ssha(password: str) -> str:
    salt = os.urandom(8)
    digest = hashlib.sha1(password.encode() + salt).digest()
    return "{SSHA}" + base64.b64encode(digest + salt).decode("ascii")


def _config(folder: Path) -> str:
    schema = "/etc/ldap/schema"
    return f"""include {schema}/core.schema
include {schema}/cosine.schema
include {schema}/inetorgperson.schema
pidfile {folder}/slapd.pid
modulepath /usr/lib/ldap
moduleload back_mdb
database mdb
maxsize 10485760
suffix "{SUFFIX}"
rootdn "cn=admin,{SUFFIX}"
directory {folder}/data
access to attrs=userPassword by self read by anonymous auth by * none
access to * by users read by * none
"""


def _entries() -> str:
    blocks = [
        f"dn: {SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: duban\no: duban test\n",
        f"dn: {PEOPLE}\nobjectClass: organizationalUnit\nou: people\n",
        f"dn: {SEARCHER_DN}\nobjectClass: person\ncn: duban-search\nsn: search\n"
        f"userPassword: {_ssha(SEARCHER_PASSWORD)}\n",
    ]
    for person in (WANG, LI):
        block = (
            f"dn: uid={person.uid},{PEOPLE}\nobjectClass: inetOrgPerson\nuid: {person.uid}\n"
            f"cn: {person.cn}\nsn: {person.cn[0]}\nuserPassword: {_ssha(person.password)}\n"
        )
        if person.display_name:
            block += f"displayName: {person.display_name}\n"
        blocks.append(block)
    return "\n".join(blocks)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(port: int, server: subprocess.Popen[bytes], folder: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log = (folder / "slapd.log").read_text(errors="replace")
            pytest.fail(f"slapd exited with {server.returncode}:\n{log}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"slapd did not listen on 127.0.0.1:{port} within 15 s")


@contextmanager
def running_directory(folder: Path) -> Iterator[Directory]:
    """slapd with the test tree, stopped (and its folder left to the caller) on exit."""
    if not (shutil.which(SLAPD) and shutil.which(SLAPADD)):
        pytest.fail(f"slapd is not installed; the directory-login tests need it: {INSTALL}")
    (folder / "data").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text(_config(folder), encoding="utf-8")
    (folder / "tree.ldif").write_text(_entries(), encoding="utf-8")
    subprocess.run(
        [SLAPADD, "-f", str(conf), "-l", str(folder / "tree.ldif")], check=True, capture_output=True
    )
    port = _free_port()
    with (folder / "slapd.log").open("wb") as log:
        # -d 0: stay in the foreground (so Popen owns the process), logging nothing but errors.
        server = subprocess.Popen(
            [SLAPD, "-f", str(conf), "-h", f"ldap://127.0.0.1:{port}/", "-d", "0"], stdout=log, stderr=log
        )
    try:
        _wait_for(port, server, folder)
        yield Directory(uri=f"ldap://127.0.0.1:{port}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
