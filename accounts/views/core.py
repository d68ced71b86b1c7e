"""Short function views: parse → access helper → service/selector → render."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access, checklist, home, jobs, portfolio, selectors, services, throttle
from accounts.forms import (
    LanguageForm,
    LoginForm,
    MemberForm,
    PasswordResetRequestForm,
    PreferencesForm,
)
from accounts.pagecache import cached_page
from accounts.selectors import stakeholders as stakeholder_selectors
from accounts.selectors.health import attach_health
from kam.http import render_page


# --- Logging in and out -------------------------------------------------------------------------
@login_not_required
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    email, client = request.POST.get("username", ""), throttle.client_address(request)
    status = 200
    if request.method == "POST":
        wait = throttle.seconds_locked(email, client)
        if wait:
            minutes = max(1, round(wait / 60))
            form = LoginForm(request)
            form.initial["username"] = email[:254]
            messages.error(
                request,
                ngettext(
                    "Too many failed attempts. Try again in %(minutes)d minute.",
                    "Too many failed attempts. Try again in %(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
            )
            status = 429
        elif form.is_valid():
            throttle.record_success(email, client)
            user = form.get_user()
            auth_login(request, user)
            response = redirect(_safe_next(request) or settings.LOGIN_REDIRECT_URL)
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.language,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
                max_age=365 * 24 * 3600,
            )
            return response
        else:
            throttle.record_failure(email, client)
            status = 400
    return render(request, "accounts/login.html", {"form": form, "next": _safe_next(request)}, status=status)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    ok = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if ok else ""


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout

    logout(request)
    messages.success(request, _("You have been logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset_view(request: HttpRequest) -> HttpResponse:
    form = PasswordResetRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        wait = throttle.reset_wait(email, throttle.client_address(request))
        if not wait:
            services.password_reset_request(email=email)
            return redirect("accounts:password-reset-done")
        minutes = max(1, math.ceil(wait / 60))
        messages.error(
            request,
            ngettext(
                "Too many reset e-mails were asked for. Try again in %(minutes)d minute.",
                "Too many reset e-mails were asked for. Try again in %(minutes)d minutes.",
                minutes,
            )
            % {"minutes": minutes},
        )
        return render(request, "accounts/password_reset.html", {"form": form}, status=429)
    return render(request, "accounts/password_reset.html", {"form": form}, status=400 if form.errors else 200)


password_reset_done_view = login_not_required(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm_view = login_not_required(
    auth_views.PasswordResetConfirmView.as_view(
        template_name="accounts/password_reset_confirm.html",
        success_url=reverse_lazy("accounts:password-reset-complete"),
    )
)
password_reset_complete_view = login_not_required(
    auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html")
)
password_change_view = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html", success_url=reverse_lazy("accounts:password-change-done")
)
password_change_done_view = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)


# --- Language and preferences -------------------------------------------------------------------
@login_not_required
@require_POST
def set_language_view(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; remembered on the user and in a cookie."""
    form = LanguageForm(request.POST)
    target = _safe_next(request) or (reverse("accounts:home") if request.user.is_authenticated else "/")
    response = redirect(target)
    if not form.is_valid():
        messages.error(request, _("That language is not available. Choose English, Norsk or Svenska."))
        return response
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        services.user_set_preferences(user=request.user, language=language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
        max_age=365 * 24 * 3600,
    )
    return response


@require_http_methods(["GET", "POST"])
def preferences_view(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your preferences are saved."))
        response = redirect("accounts:preferences")
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            form.instance.language,
            samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE,
            max_age=365 * 24 * 3600,
        )
        return response
    if request.method == "POST":
        request.user.refresh_from_db()
    return render(request, "accounts/preferences.html", {"form": form}, status=400 if form.errors else 200)


# --- Home, customers, account team --------------------------------------------------------------
@require_GET
@cached_page
def home_view(request: HttpRequest) -> HttpResponse:
    rows = list(selectors.my_accounts(request.user))
    owned, more = home.focus([c for c in rows if c.owner_id == request.user.pk])
    helping = [c for c in rows if c.owner_id != request.user.pk]
    home.annotate_customers(owned + helping)
    attach_health(owned + helping)
    today = timezone.localdate()
    leads = access.may_see_portfolio(request.user)
    attention_lines = home.attention(request.user, today)
    context = {
        "owned": owned,
        "more_owned": more,
        "helping": helping,
        "key_count": sum(1 for c in owned if c.status == c.Status.KEY),
        "events": selectors.recent_events(selectors.my_accounts(request.user)),
        "may_see_portfolio": leads,
        "attention_lines": attention_lines,
        "attention": stakeholder_selectors.needs_attention(request.user) if attention_lines is None else [],
        "notices": home.notices(request.user, today),
        "checklist": checklist.evaluate([request.user.pk], today)[request.user.pk] if owned else None,
        "exceptions": portfolio.exceptions(request.user) if leads else None,
    }
    return render(request, "accounts/home.html", context)


@require_http_methods(["GET", "POST"])
def member_add_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    """GET: the add-someone form (asked for on demand, so the customer page stays light). POST: add."""
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.manage")
    users = access.assignable_users(customer)
    if request.method == "GET":
        if not request.htmx:
            return render(
                request, "accounts/member_form.html", {"customer": customer, "form": MemberForm(users=users)}
            )
        return _members_response(request, customer, MemberForm(users=users), status=200)
    form = MemberForm(request.POST, users=users)
    if form.is_valid():
        services.member_add(customer=customer, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("%(person)s is on the account team.") % {"person": form.cleaned_data["user"]}
        )
        return _members_response(request, customer)
    if not request.htmx:
        return render(request, "accounts/member_form.html", {"customer": customer, "form": form}, status=400)
    return _members_response(request, customer, form, status=400)


@require_POST
def member_remove_view(request: HttpRequest, customer_id: int, member_id: int) -> HttpResponse:
    member = access.get_member_for_user(request.user, customer_id, member_id)
    customer = member.customer
    services.member_remove(member=member, by=request.user)
    messages.success(request, _("%(person)s has left the account team.") % {"person": member.user})
    return _members_response(request, customer)


def _members_response(request: HttpRequest, customer, form=None, status: int = 200) -> HttpResponse:
    if not request.htmx:
        return redirect(customer)
    context = {
        "customer": customer,
        "members": selectors.account_team(customer),
        "member_form": form,
        **access.customer_rights(request.user, customer),
    }
    return render(request, "accounts/partials/account_team.html", context, status=status)


# --- Background jobs ----------------------------------------------------------------------------
@require_POST
def timeline_export_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    job = services.job_create(kind="timeline.export", by=request.user, customer=customer)
    return render_page(request, "accounts/job.html", "accounts/partials/job_status.html", {"job": job})


@require_GET
def job_status_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.get_job_for_user(request.user, job_id)
    # A finished job's fragment carries no polling trigger, so the page stops asking.
    return render_page(request, "accounts/job.html", "accounts/partials/job_status.html", {"job": job})


@require_GET
def job_download_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = access.get_job_for_user(request.user, job_id)
    name = job.result.get("file")
    if job.status != job.Status.DONE or not name:
        raise Http404("The file is not ready")
    path = jobs.job_file_path(job, "").parent / name
    if not path.is_file():
        raise Http404("The file has been cleaned up")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=job.result.get("filename", name),
        content_type=job.result.get("content_type", "application/octet-stream"),
    )


# --- Errors and health --------------------------------------------------------------------------
@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


@login_not_required
@require_GET
@cached_page
def health_view(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found_view(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
