"""The plan tab: the plan itself, its reviews, what changed, roll-over and the Excel export."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.pagecache import cached_page
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.views.customers import customer_frame
from accounts.views.once import already_saved, sent_fingerprint
from kam.http import render_page
from planning import exports, forms, selectors, services, sharing_selectors
from planning.forms_sharing import ReplyForm
from planning.models import AccountPlan
from planning.services import sharing
from planning.views.common import (
    EDIT,
    add_errors,
    download,
    plan_for_user,
    save_form,
)


# --- The plan tab --------------------------------------------------------------------------------
@require_GET
@cached_page
def customer_plan_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    plans = selectors.customer_plans(customer)
    plan = selectors.pick_current(plans)
    if plan is None:
        frame = customer_frame(request, customer, "plan", periods=plans)
        if frame["can_edit"]:
            frame["form"] = forms.PlanCreateForm()
        return render(request, "planning/plan_empty.html", frame)
    plan.customer = customer
    return _plan_page(request, plan, plans)


@require_GET
@cached_page
def plan_detail_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    return _plan_page(request, plan_for_user(request, plan_id))


def _plan_page(request: HttpRequest, plan: AccountPlan, plans=None) -> HttpResponse:
    page = selectors.plan_page(plan, plans)
    context = customer_frame(request, plan.customer, "plan", page=page)
    context["can_change"] = context["can_edit"] and not plan.is_archived
    context["customer_activity"] = sharing_selectors.plan_activity(plan, page)
    context["reply_form"] = ReplyForm()
    if plan.customer.owner_id == request.user.pk and any(
        line.is_new for line in context["customer_activity"]
    ):
        sharing.activity_mark_seen(plan=plan)  # the owner has now seen the customer's latest steps
    return render(request, "planning/plan_detail.html", context)


@require_http_methods(["GET", "POST"])
def plan_create_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action=EDIT)
    form = forms.PlanCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: services.plan_create(customer=customer, by=request.user, **form.cleaned_data),
                location=lambda created: created.get_absolute_url(),
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, reverse("planning:customer-plan", args=[customer.pk]))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The plan for %(period)s is started. Add goals, opportunities and actions.")
                % {"period": plan.period},
            )
            return redirect(plan)
    context = customer_frame(request, customer, "plan", form=form, periods=selectors.customer_plans(customer))
    return render(request, "planning/plan_empty.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def plan_edit_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id, EDIT)

    def save(form, add):
        version, data = form.changes()
        return services.plan_update(plan=plan, by=request.user, version=version, **data)

    return save_form(
        request,
        plan=plan,
        make_form=lambda data: forms.PlanForm(data, instance=plan),
        save=save,
        title=_("Edit the plan for %(period)s") % {"period": plan.period},
        anchor="",
        done=_("The plan is saved."),
    )


# --- Reviews, what changed, roll-over ------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def review_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id, EDIT)
    form = forms.ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            review = submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: services.review_record(plan=plan, by=request.user, **form.cleaned_data),
                location=lambda _review: plan.get_absolute_url(),
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, plan.get_absolute_url())
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("The review is recorded. The next one is due by %(date)s.")
                % {"date": formats.date_format(review.next_review_due, "DATE_FORMAT")},
            )
            return redirect(plan)
    context = customer_frame(request, plan.customer, "plan", plan=plan, form=form, freshness=plan.freshness())
    return render(request, "planning/review_form.html", context, status=400 if form.errors else 200)


@require_GET
@cached_page
def plan_changes_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id)
    moments = selectors.comparable_snapshots(plan)
    choice = forms.CompareForm(request.GET)
    allowed = {s.pk for s in moments}
    old_id = choice.choice("old", allowed) or (moments[0].pk if moments else None)
    new_id = choice.choice("new", allowed)
    comparison = None
    if old_id is not None:
        labels = {s.pk: s for s in moments}
        new_data = selectors.snapshot_data(new_id) if new_id else selectors.snapshot_now(plan)
        comparison = selectors.compare(
            selectors.snapshot_data(old_id),
            new_data,
            _moment_label(labels[old_id]),
            _moment_label(labels.get(new_id)),
        )
    context = customer_frame(
        request,
        plan.customer,
        "plan",
        plan=plan,
        moments=moments,
        old_id=old_id,
        new_id=new_id,
        comparison=comparison,
    )
    return render_page(request, "planning/plan_changes.html", "planning/partials/changes.html", context)


def _moment_label(snapshot) -> str:
    if snapshot is None:
        return _("now")
    kind = _("review") if snapshot.reason == snapshot.Reason.REVIEW else _("roll-over")
    when = formats.date_format(timezone.localtime(snapshot.taken_at), "DATE_FORMAT")
    return _("%(kind)s of %(when)s (%(period)s plan)") % {
        "kind": kind,
        "when": when,
        "period": snapshot.plan.period,
    }


@require_http_methods(["GET", "POST"])
def plan_rollover_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id, EDIT)
    form = forms.RolloverForm(
        request.POST if request.method == "POST" else None, initial={"period": plan.period + 1}
    )
    if request.method == "POST" and form.is_valid():
        try:
            new = services.plan_rollover(plan=plan, by=request.user, period=form.cleaned_data["period"])
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The plan for %(new)s is ready with everything still open; the plan for %(old)s is archived."
                )
                % {"new": new.period, "old": plan.period},
            )
            return redirect(new)
    context = customer_frame(request, plan.customer, "plan", plan=plan, form=form)
    return render(request, "planning/rollover_confirm.html", context, status=400 if form.errors else 200)


@require_GET
def plan_export_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id)
    content = exports.plan_workbook(selectors.plan_page(plan))
    return download(content, f"account-plan-{plan.customer.pk}-{plan.period}.xlsx")
