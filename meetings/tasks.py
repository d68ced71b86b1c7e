"""Thin Celery tasks: the reminder sweep (beat runs it every few minutes) and delivery."""

from __future__ import annotations

from celery import shared_task


@shared_task
def sweep() -> dict:
    """Store what is due (reminders, digests, the weekly summary), then deliver the outbox."""
    from meetings import delivery, reminders

    found = reminders.reminders_sweep()
    found["delivered"] = delivery.reminders_deliver()
    return found


@shared_task
def deliver() -> int:
    """Deliver what is due now (after invitations are queued); the sweep catches anything missed."""
    from meetings import delivery

    return delivery.reminders_deliver()
