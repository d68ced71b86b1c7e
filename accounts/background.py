"""Starting background work from a service without importing any task module.

Tasks call services; services name the task they want run. `enqueue_on_commit` queues a task by its
registered name once the current transaction commits (so the worker finds the rows it is given),
which keeps `accounts.tasks` and the services out of each other's imports.
"""

from __future__ import annotations

from typing import Any

from celery import current_app
from django.db import transaction

RUN_JOB = "accounts.tasks.run_job"
SEND_PASSWORD_RESET = "accounts.tasks.send_password_reset"  # noqa: S105 - a task name


def enqueue_on_commit(task_name: str, *args: Any) -> None:
    """Queue the task called `task_name` with `args` (ids, never model instances) after commit; at
    once when no transaction is open. Honours CELERY_TASK_ALWAYS_EAGER like `.delay` does."""
    transaction.on_commit(lambda: task(task_name).delay(*args))


def task(name: str):
    """The registered task called `name`. The web process has not necessarily imported the task
    modules yet: then they are discovered the way a worker does at start."""
    try:
        return current_app.tasks[name]
    except KeyError:
        current_app.loader.import_default_modules()
        return current_app.tasks[name]
