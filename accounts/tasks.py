"""Thin Celery tasks: ids in, call a service."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts import jobs, services
from accounts.models import Job, User


@shared_task
def run_job(job_id: int) -> None:
    services.job_run(job_id)


@shared_task
def send_password_reset(user_id: int) -> None:
    """Send the reset link, in the user's own language. The token is made here, at send time."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.has_usable_password():
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password-reset-confirm", args=[uid, token])
    context = {
        "user": user,
        "link": settings.SITE_URL + path,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    with translation.override(user.language):
        subject = render_to_string("accounts/email/password_reset_subject.txt", context).strip()
        body = render_to_string("accounts/email/password_reset.txt", context)
        html = render_to_string("accounts/email/password_reset.html", context)
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task
def send_notice(user_id: int, kind: str, values: dict) -> None:
    """A notice (see `accounts.notify`) by e-mail, worded in the recipient's language at send time."""
    from accounts import notify

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not user.email or kind not in notify.NOTICES:
        return
    with translation.override(user.language):
        subject, body = notify.render_notice(kind, values)
    EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]).send()


@shared_task
def clear_expired_sessions() -> int:
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def purge_finished_jobs(days: int = 14) -> int:
    cutoff = timezone.now() - timedelta(days=days)
    old = Job.objects.filter(finished_at__lt=cutoff)
    for job in old:
        for path in jobs.job_file_path(job, "").parent.glob(f"job-{job.pk}.*"):
            path.unlink(missing_ok=True)
    deleted, _ = old.delete()
    return deleted


@shared_task
def remind_uninformed_stakeholders() -> int:
    """Daily: a next step for the account owner for each person added 30+ days ago and not yet informed."""
    from accounts.services.stakeholders import stakeholders_remind_uninformed

    return stakeholders_remind_uninformed()


@shared_task
def take_health_snapshots() -> int:
    """Store every key account's health for today (a second run the same day replaces it)."""
    from accounts.services.health import health_snapshots_take

    return health_snapshots_take()
