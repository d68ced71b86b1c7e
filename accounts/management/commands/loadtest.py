"""`manage.py loadtest`: Orchard on gunicorn, as in production, under a mix of KAM and leader users.

Like `bench`, it never opens the normal database: it seeds the bench database (through `bench`),
starts gunicorn against it with persistent connections and one sync worker per core plus one per
core and one more (`2 × cores + 1`), and drives every `bench` page kind
from one process with asyncio (`accounts/bench/load.py`): each simulated user is a KAM, leader or
administrator who asks for one of their pages, thinks for a random time and asks again. It prints per page kind the throughput, p50/p95/p99 and errors, and the workers'
memory growth between minute 1 and the end.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.test import Client
from django.test.utils import override_settings

from accounts import bench
from accounts.bench import load
from accounts.demo import DEMO_LOGINS
from accounts.management.commands.bench import (
    CHILD_FLAG,
    bench_database_url,
    is_bench_database,
    prepare_database,
)
from accounts.models import User

MEMORY_SAMPLE_AFTER_S = 60


class Command(BaseCommand):
    help = "Serve the bench database with gunicorn and drive it with simulated users: throughput, p50/p95/p99, errors, memory."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--users", type=int, default=50, help="Concurrent users (connections).")
        parser.add_argument("--duration", type=int, default=300, help="Seconds of load.")
        parser.add_argument("--think", type=int, nargs=2, default=[1000, 5000], metavar=("MIN_MS", "MAX_MS"))
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="large",
            help="The demo `bench` seeds when the bench database is empty (large: the targets' data set).",
        )
        parser.add_argument(
            "--plan", action="store_true", help=f"(internal, with {CHILD_FLAG}) print the targets."
        )

    def handle(self, *args, **options) -> None:
        if settings.DEBUG:
            raise CommandError("Run the load test with DEBUG=0 and a SECRET_KEY (`make loadtest` does both).")
        if options["plan"]:
            self._print_plan()
            return
        url = bench_database_url(settings.DATABASE_URL, Path(settings.VAR_DIR))
        prepare_database(url, fresh=False)
        env = {**os.environ, "DATABASE_URL": url, CHILD_FLAG: "1", "DEBUG": "0"}
        self._seed(env, options["size"])
        targets, facts = self._targets(env)
        self._load(targets, facts, env, options)

    # --- inside the bench database ----------------------------------------------------------------
    def _print_plan(self) -> None:
        if not is_bench_database(settings.DATABASES["default"]):
            raise CommandError("--plan runs only against a bench database.")
        bench.discover()
        targets = []
        clients: dict[str | None, tuple[Client, User | None]] = {}
        with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for scenario in bench.SCENARIOS:
                if scenario.setup is not None:
                    # A visitor who is not a user (a customer guest) gets a session of their own.
                    client, user = Client(), None
                    scenario.setup(client)
                else:
                    if scenario.role not in clients:
                        clients[scenario.role] = self._login(scenario.role)
                    client, user = clients[scenario.role]
                cookies = "; ".join(f"{c.key}={c.value}" for c in client.cookies.values())
                headers = {**scenario.headers, **({"Cookie": cookies} if cookies else {})}
                targets.append(
                    {
                        "name": scenario.name,
                        "role": scenario.role,
                        "path": scenario.url(user),
                        "headers": headers,
                    }
                )
        # The server's database is the bench database, which only this child process has opened.
        facts = {"database": bench.database_version(), "data": bench.data_facts()}
        self.stdout.write(json.dumps({"targets": targets, "facts": facts}))

    def _login(self, role: str | None) -> tuple[Client, User | None]:
        client = Client()
        if role is None:
            return client, None
        user = User.objects.get(email=DEMO_LOGINS[role])
        client.force_login(user)
        return client, user

    # --- outside: seed, serve, load -----------------------------------------------------------------
    def _manage(self, *argv: str, env: dict[str, str], capture: bool = False) -> str:
        command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *argv]
        done = subprocess.run(command, env=env, check=False, text=True, capture_output=capture)
        if done.returncode:
            raise CommandError(f"`manage.py {' '.join(argv)}` failed:\n{done.stderr or ''}")
        return done.stdout or ""

    def _seed(self, env: dict[str, str], size: str) -> None:
        self.stdout.write("Preparing the bench database (seeded once by `bench`) …")
        self.stdout.flush()
        parent_env = {k: v for k, v in env.items() if k != CHILD_FLAG}
        parent_env["DATABASE_URL"] = settings.DATABASE_URL
        self._manage(
            "bench", "--scenario", "login", "--requests", "1", "--warmup", "0", "--size", size, env=parent_env
        )

    def _targets(self, env: dict[str, str]) -> tuple[list[load.Target], dict[str, str]]:
        plan = json.loads(self._manage("loadtest", "--plan", env=env, capture=True).strip().splitlines()[-1])
        targets = [load.Target(t["name"], t["role"], t["path"], t["headers"]) for t in plan["targets"]]
        return targets, plan["facts"]

    def _load(
        self, targets: list[load.Target], facts: dict[str, str], env: dict[str, str], options: dict[str, Any]
    ) -> None:
        port, duration, think = options["port"], options["duration"], tuple(options["think"])
        server = self._start_gunicorn(env, port, options["workers"])
        samples: list[dict[int, int]] = []
        sampler = threading.Thread(
            target=self._sample_memory, args=(server.pid, duration, samples), daemon=True
        )
        self.stdout.write(
            f"{options['users']} users on {len(targets)} page kinds for {duration} s, think time "
            f"{think[0]}–{think[1]} ms, gunicorn with {options['workers']} workers …"
        )
        self.stdout.flush()
        try:
            load.warm_up(targets, rounds=options["workers"], host="127.0.0.1", port=port)
            sampler.start()
            results = load.drive(
                targets, users=options["users"], seconds=duration, think_ms=think, host="127.0.0.1", port=port
            )
            sampler.join(timeout=30)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        growth = load.memory_growth(samples[0], samples[-1]) if len(samples) >= 2 else None
        self.stdout.write("")
        for fact in [*bench.machine_facts(database=facts["database"]), f"Data: {facts['data']}"]:
            self.stdout.write(f"- {fact}")
        self.stdout.write(
            f"- gunicorn {options['workers']} sync workers, CONN_MAX_AGE {settings.CONN_MAX_AGE}"
        )
        self.stdout.write("")
        self.stdout.write(load.format_report(results, duration, growth))
        errors = sum(r.errors for r in results)
        if errors:
            # Slow pages are reported; failed requests mean something is broken, so the run fails.
            raise CommandError(f"{errors} requests failed (any answer other than 200).")

    def _start_gunicorn(self, env: dict[str, str], port: int, workers: int) -> subprocess.Popen:
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [str(gunicorn), "kam.wsgi:application", "--bind", f"127.0.0.1:{port}"]
        command += ["--workers", str(workers), "--log-level", "warning"]
        server_env = {k: v for k, v in env.items() if k != CHILD_FLAG}
        server = subprocess.Popen(command, env=server_env, cwd=settings.BASE_DIR, start_new_session=True)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return server
            except OSError:
                time.sleep(0.3)
        os.killpg(server.pid, signal.SIGTERM)
        raise CommandError(f"gunicorn did not start on port {port} within 30 s.")

    def _sample_memory(self, master: int, duration: int, samples: list[dict[int, int]]) -> None:
        """Resident memory of every worker (children of the master) at minute 1 and at the end."""
        first = min(MEMORY_SAMPLE_AFTER_S, duration // 2)
        for wait in (first, duration - first - 2):
            time.sleep(max(wait, 0))
            samples.append(_worker_rss(master))


def _worker_rss(master: int) -> dict[int, int]:
    rss = {}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        except OSError:
            continue
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            rss[int(status.parent.name)] = int(fields["VmRSS"].split()[0])
    return rss
