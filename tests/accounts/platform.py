"""A real OpenID Connect provider (node-oidc-provider) for the 统一身份认证 login tests.

Started with Node.js on a free loopback port, with its development login page (any password: the
login name is the account id) and one client for duban; its packages are installed by
`make test-system` (npm ci in tests/accounts/oidc).
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

HERE = Path(__file__).parent / "oidc"
CLIENT_ID, CLIENT_SECRET = "duban", "duban-test-secret"
INSTALL = "make test-system  (cd tests/accounts/oidc && npm ci)"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def running_platform(redirect_uri: str) -> Iterator[str]:
    """The provider's issuer URL while it runs; the test FAILS (not skips) when it cannot start."""
    node = shutil.which("node")
    if node is None or not (HERE / "node_modules" / "oidc-provider").is_dir():
        pytest.fail(f"缺少 Node.js 或 oidc-provider，无法启动测试用的统一身份认证平台：{INSTALL}")
    port = _free_port()
    process = subprocess.Popen(
        [node, str(HERE / "provider.mjs"), str(port), redirect_uri],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_ready(process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_ready(process: subprocess.Popen[str]) -> None:
    assert process.stdout is not None
    deadline = time.monotonic() + 30
    seen = []
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        seen.append(line)
        if line.strip() == "READY":
            return
    process.kill()
    pytest.fail("测试用的统一身份认证平台未能启动：\n" + "".join(seen))


def platform_log_in(session: requests.Session, start_url: str, login: str) -> requests.Response:
    """Walk the authorization code flow as a browser would: duban → platform login → consent → duban."""
    page = session.get(start_url, timeout=20)
    for _step in range(3):  # the login page, then the consent page (once per client)
        form = re.search(r'<form[^>]*action="([^"]+)"', page.text)
        if form is None or "/interaction/" not in page.url:
            return page
        hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text)
        fields = dict(hidden)
        if 'name="login"' in page.text:
            fields |= {"login": login, "password": "any"}
        action = requests.compat.urljoin(page.url, form.group(1))
        page = session.post(action, data=fields, timeout=20)
    return page
