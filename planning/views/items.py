"""The sections of a plan: goals, opportunities, actions (and My actions), responsibilities."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.pagecache import cached_page
from kam.http import render_page
from planning import forms, selectors, services
from planning.models import AccountPlan, Action, Goal, Opportunity, Responsibility
from planning.views.common import (
    EDIT,
    delete_item,
    item_for_user,
    may_manage,
    plan_for_user,
    save_form,
)


# --- Goals ---------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def goal_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id, EDIT)

    def save(form, add):
        return services.goal_create(plan=plan, by=request.user, **form.changes()[1])

    return save_form(
        request,
        plan=plan,
        make_form=lambda data: forms.GoalForm(data),
        save=save,
        title=_("New goal"),
        anchor="#goals",
        done=_("The goal is added."),
    )


@require_http_methods(["GET", "POST"])
def goal_edit_view(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = item_for_user(request, Goal, goal_id)

    def save(form, add):
        version, data = form.changes()
        return services.goal_update(goal=goal, by=request.user, version=version, **data)

    return save_form(
        request,
        plan=goal.plan,
        make_form=lambda data: forms.GoalForm(data, instance=goal),
        save=save,
        title=_("Edit goal"),
        anchor="#goals",
        done=_("The goal is saved."),
        delete_url=reverse("planning:goal-delete", args=[goal.pk]),
    )


@require_POST
def goal_delete_view(request: HttpRequest, goal_id: int) -> HttpResponse:
    goal = item_for_user(request, Goal, goal_id)
    return delete_item(request, goal.plan, lambda: services.goal_delete(goal=goal, by=request.user), "#goals")


# --- Opportunities -------------------------------------------------------------------------------
def _opportunity_form(plan: AccountPlan, instance: Opportunity | None = None):
    customer_goals = selectors.customer_goal_lines(plan.customer)
    offerings = selectors.leaf_offerings()
    return lambda data: forms.OpportunityForm(
        data, instance=instance, plan=plan, customer_goals=customer_goals, offerings=offerings
    )


@require_http_methods(["GET", "POST"])
def opportunity_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id, EDIT)

    def save(form, add):
        return services.opportunity_create(plan=plan, by=request.user, **form.changes()[1])

    return save_form(
        request,
        plan=plan,
        make_form=_opportunity_form(plan),
        save=save,
        title=_("New opportunity"),
        anchor="#opportunities",
        done=_("The opportunity is added."),
    )


@require_http_methods(["GET", "POST"])
def opportunity_edit_view(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    opportunity = item_for_user(request, Opportunity, opportunity_id)

    def save(form, add):
        version, data = form.changes()
        return services.opportunity_update(opportunity=opportunity, by=request.user, version=version, **data)

    return save_form(
        request,
        plan=opportunity.plan,
        make_form=_opportunity_form(opportunity.plan, opportunity),
        save=save,
        title=_("Edit opportunity"),
        anchor="#opportunities",
        done=_("The opportunity is saved."),
        delete_url=reverse("planning:opportunity-delete", args=[opportunity.pk]),
    )


@require_POST
def opportunity_delete_view(request: HttpRequest, opportunity_id: int) -> HttpResponse:
    item = item_for_user(request, Opportunity, opportunity_id)
    return delete_item(
        request,
        item.plan,
        lambda: services.opportunity_delete(opportunity=item, by=request.user),
        "#opportunities",
    )


# --- Actions -------------------------------------------------------------------------------------
def _action_form(request: HttpRequest, plan: AccountPlan, instance: Action | None = None):
    owners, risks = selectors.owner_choices(plan.customer), selectors.open_risks(plan.customer)
    newcomers = selectors.team_candidates(plan.customer) if may_manage(request, plan.customer) else None
    return lambda data: forms.ActionForm(
        data, instance=instance, plan=plan, owners=owners, risks=risks, newcomers=newcomers
    )


@require_http_methods(["GET", "POST"])
def action_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id, EDIT)

    def save(form, add):
        add = add or bool(form.cleaned_data.get("newcomer"))
        return services.action_create(plan=plan, by=request.user, add_owner_to_team=add, **form.changes()[1])

    return save_form(
        request,
        plan=plan,
        make_form=_action_form(request, plan),
        save=save,
        title=_("New action"),
        anchor="#actions",
        done=_("The action is added."),
    )


@require_http_methods(["GET", "POST"])
def action_edit_view(request: HttpRequest, action_id: int) -> HttpResponse:
    action = item_for_user(request, Action, action_id)

    def save(form, add):
        add = add or bool(form.cleaned_data.get("newcomer"))
        version, data = form.changes()
        return services.action_update(
            action=action, by=request.user, version=version, add_owner_to_team=add, **data
        )

    return save_form(
        request,
        plan=action.plan,
        make_form=_action_form(request, action.plan, action),
        save=save,
        title=_("Edit action"),
        anchor="#actions",
        done=_("The action is saved."),
        delete_url=reverse("planning:action-delete", args=[action.pk]),
    )


@require_POST
def action_complete_view(request: HttpRequest, action_id: int) -> HttpResponse:
    action = item_for_user(request, Action, action_id)
    try:
        action = services.action_complete(action=action, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(action.plan.get_absolute_url() + "#actions")
    if request.htmx:
        template = (
            "planning/partials/my_action_row.html"
            if request.POST.get("row") == "mine"
            else "planning/partials/action_row.html"
        )
        return render(request, template, {"action": action, "can_change": True})
    messages.success(request, _("“%(action)s” is done.") % {"action": action.title})
    return redirect(_safe_back(request) or action.plan.get_absolute_url() + "#actions")


def _safe_back(request: HttpRequest) -> str:
    return reverse("planning:my-actions") if request.POST.get("row") == "mine" else ""


@require_POST
def action_delete_view(request: HttpRequest, action_id: int) -> HttpResponse:
    action = item_for_user(request, Action, action_id)
    return delete_item(
        request, action.plan, lambda: services.action_delete(action=action, by=request.user), "#actions"
    )


@require_GET
@cached_page
def my_actions_view(request: HttpRequest) -> HttpResponse:
    context = {"mine": selectors.my_actions(request.user), "today": timezone.localdate()}
    return render_page(request, "planning/my_actions.html", "planning/partials/my_actions_list.html", context)


# --- Responsibilities ----------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
def responsibility_create_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_for_user(request, plan_id, EDIT)
    people = selectors.owner_choices(plan.customer)
    newcomers = selectors.team_candidates(plan.customer) if may_manage(request, plan.customer) else None

    def save(form, add):
        add = add or (newcomers is not None and not people.filter(pk=form.cleaned_data["person"].pk).exists())
        return services.responsibility_add(plan=plan, by=request.user, add_to_team=add, **form.cleaned_data)

    return save_form(
        request,
        plan=plan,
        make_form=lambda data: forms.ResponsibilityForm(data, people=people, newcomers=newcomers),
        save=save,
        title=_("Who does what"),
        anchor="#responsibilities",
        done=_("The responsibility is added."),
    )


@require_POST
def responsibility_delete_view(request: HttpRequest, responsibility_id: int) -> HttpResponse:
    item = item_for_user(request, Responsibility, responsibility_id)
    return delete_item(
        request,
        item.plan,
        lambda: services.responsibility_remove(responsibility=item, by=request.user),
        "#responsibilities",
    )
