"""Run the whole application on one machine: web, Celery worker and beat, stopped together.

`make run` calls this after migrating and seeding. SIGINT or SIGTERM stops all three.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

HOST = os.environ.get("ORCHARD_HOST", "127.0.0.1")
PORT = os.environ.get("ORCHARD_PORT", "8000")
DEMO_LOGINS = (
    ("KAM", "kam@example.com"),
    ("Sales leader", "leader@example.com"),
    ("Administrator", "admin@example.com"),
)


def check_address(host: str, port: str) -> str | None:
    """Why ORCHARD_HOST/ORCHARD_PORT cannot be used, or None when they can."""
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        return f"ORCHARD_PORT must be a port number from 1 to 65535, not {port!r}."
    if not host.strip() or any(c.isspace() for c in host):
        return f"ORCHARD_HOST must be a host name or an address, not {host!r}."
    return None


def banner(host: str, port: str) -> str:
    """What `make run` prints once the servers start: the address they really listen on."""
    shown = f"[{host}]" if ":" in host else host
    lines = ["", f"  Orchard on http://{shown}:{port}/  — demo logins (password: orchard-demo):"]
    lines += [f"    {who:<15}{email}" for who, email in DEMO_LOGINS]
    if host in {"0.0.0.0", "::"}:  # noqa: S104 - a hint about the address, not a bind
        lines.append("  Listening on every interface: add this machine's name to ALLOWED_HOSTS to reach it.")
    lines += ["  Ctrl+C stops web, worker and beat.", ""]
    return "\n".join(lines)


def commands() -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [
            python,
            "-m",
            "gunicorn",
            "kam.wsgi:application",
            "--bind",
            f"[{HOST}]:{PORT}" if ":" in HOST else f"{HOST}:{PORT}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            "5",
        ],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "kam",
            "worker",
            "--loglevel",
            "INFO",
            "--concurrency",
            "2",
            "--without-gossip",
            "--without-mingle",
        ],
        "beat": [python, "-m", "celery", "-A", "kam", "beat", "--loglevel", "INFO"],
    }


def main() -> int:
    problem = check_address(HOST, PORT)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    children = {name: subprocess.Popen(cmd) for name, cmd in commands().items()}
    stopping = False

    def stop(signum: int, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(banner(HOST, PORT), flush=True)
    exit_code = 0
    while not stopping:
        for name, child in children.items():
            if child.poll() is not None:
                print(f"{name} stopped with exit code {child.returncode}; stopping the rest.", flush=True)
                stopping, exit_code = True, child.returncode or 1
        time.sleep(0.5)
    for child in children.values():
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + 10
    for child in children.values():
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
