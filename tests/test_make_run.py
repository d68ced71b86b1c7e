"""`make run` and the README tell the truth about where Orchard listens and what can be set."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kam import embedded

ROOT = Path(__file__).resolve().parent.parent


def test_the_banner_prints_the_address_the_server_binds():
    text = embedded.banner("0.0.0.0", "8123")  # noqa: S104 - a text, no socket
    assert "http://0.0.0.0:8123/" in text and "8000" not in text
    assert "kam@example.com" in text and "ALLOWED_HOSTS" in text
    assert "http://127.0.0.1:8000/" in embedded.banner("127.0.0.1", "8000")
    assert "http://[::1]:9000/" in embedded.banner("::1", "9000")


def test_the_banner_and_the_bind_come_from_the_same_variables():
    web = embedded.commands()["web"]
    assert web[web.index("--bind") + 1] == f"{embedded.HOST}:{embedded.PORT}"


@pytest.mark.parametrize("port", ["http", "0", "70000", "80 80", ""])
def test_a_bad_port_stops_start_up_naming_the_variable(port):
    assert "ORCHARD_PORT" in embedded.check_address("127.0.0.1", port)


def test_a_bad_port_stops_the_embedded_runner_before_anything_starts():
    env = {"ORCHARD_PORT": "eighty", "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-m", "kam.embedded"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2 and "ORCHARD_PORT" in done.stderr


def test_the_makefile_no_longer_prints_an_address_of_its_own():
    makefile = (ROOT / "Makefile").read_text()
    assert "127.0.0.1:8000" not in makefile and "kam.embedded" in makefile


def test_the_readme_documents_the_address_variables():
    readme = (ROOT / "README.md").read_text()
    assert "`ORCHARD_PORT`" in readme and "`ORCHARD_HOST`" in readme


def test_every_documented_variable_is_read_somewhere():
    """No setting is documented for a feature that does not exist."""
    readme = (ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", readme, re.M))
    code = "\n".join(
        path.read_text()
        for folder in ("kam", "accounts", "planning", "risk", "meetings", "assistant")
        for path in (ROOT / folder).rglob("*.py")
    )
    unread = {name for name in documented if f'"{name}"' not in code and f"'{name}'" not in code}
    assert documented and unread == set()
