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


def commands() -> dict[str, list[str]]:
    python = sys.executable
    return {
        "web": [
            python,
            "-m",
            "gunicorn",
            "kam.wsgi:application",
            "--bind",
            f"{HOST}:{PORT}",
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
    children = {name: subprocess.Popen(cmd) for name, cmd in commands().items()}
    stopping = False

    def stop(signum: int, _frame) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"Orchard is running on http://{HOST}:{PORT}/  (Ctrl+C stops web, worker and beat)", flush=True)
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
