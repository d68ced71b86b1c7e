"""Scoring and selection: the customer's Selection tab, scores, decisions, the ranking, the leaders'
calibration board, future key accounts and the criteria themselves."""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access, scoring
from accounts.charts import quadrant
from accounts.conflicts import rebase
from accounts.forms.selection import CriterionForm, DecisionForm, NextStepForm, RankingFilterForm, ScoresForm
from accounts.models import Criterion, Customer, SelectionDecision, User
from accounts.numbers import format_score
from accounts.pagecache import cached_page
from accounts.selectors import selection as selectors
from accounts.selectors.proposals import customer_proposals
from accounts.services import customer_update
from accounts.services import selection as services
from accounts.services.submissions import AlreadySubmitted, submission_once
from accounts.versioning import EditConflict
from accounts.views.customers import customer_frame
from accounts.views.once import already_saved, sent_fingerprint
from kam.http import render_page

RANKING_PAGE_SIZE = 50
CHART_LIMIT = 60
FIXED_COLUMNS = 5  # calibration table columns besides one per criterion


# --- The customer's Selection tab -----------------------------------------------------------------
@require_GET
@cached_page
def customer_selection_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    context = customer_frame(request, customer, "selection")
    context.update(_selection_tab(customer, context["can_decide"]))
    return render(request, "accounts/selection_tab.html", context)


def _selection_tab(customer: Customer, can_decide: bool, form: DecisionForm | None = None) -> dict:
    criteria = selectors.all_criteria()
    scores = selectors.customer_scores(customer)
    values = {criterion_id: score.value for criterion_id, score in scores.items()}
    evaluation = scoring.evaluate(selectors.weights(c for c in criteria if c.active), values)
    point = _points([(customer.name, evaluation, customer.status, "")])
    context = {
        "criterion_rows": [(c, scores.get(c.pk), _anchor(c, scores.get(c.pk))) for c in criteria if c.active],
        "retired_scores": [scores[c.pk] for c in criteria if not c.active and c.pk in scores],
        "evaluation": evaluation,
        "quadrant_label": selectors.quadrant_label(evaluation.quadrant),
        "quadrant_hint": selectors.QUADRANT_HINTS.get(evaluation.quadrant, ""),
        "decisions": selectors.decision_history(customer),
        "proposals": customer_proposals(customer),
        "chart": _chart(point, chart_id="customer-quadrant", label_top=1),
        "show_next_step": customer.status == Customer.Status.CANDIDATE or bool(customer.next_step),
        "next_step_overdue": customer.status == Customer.Status.CANDIDATE
        and customer.target_date is not None
        and customer.target_date < timezone.localdate(),
    }
    if can_decide:
        context["decision_form"] = form or _decision_form(None, customer)
        if customer.status != Customer.Status.KEY:
            context["ceiling_warnings"] = _ceiling_warnings(
                selectors.key_account_load(customer, if_made_key=True), customer, ahead=True
            )
    return context


def _anchor(criterion: Criterion, score) -> str:
    return dict(criterion.anchors).get(score.value, "") if score else ""


@require_http_methods(["GET", "POST"])
def scores_edit_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.score")
    form = ScoresForm(
        request.POST if request.method == "POST" else None,
        criteria=selectors.active_criteria(),
        scores=selectors.customer_scores(customer),
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.scores_save(customer=customer, by=request.user, inputs=form.entries())
            except EditConflict as conflict:
                return _scores_conflict(request, customer, form, conflict.current)
            messages.success(request, _scores_saved_message(changed))
            return redirect("accounts:customer-selection", customer.pk)
        messages.error(request, _("Some scores could not be saved. Check the marked criteria."))
    context = customer_frame(request, customer, "selection", form=form)
    return render(request, "accounts/selection_scores_form.html", context, status=400 if form.errors else 200)


def _scores_conflict(
    request: HttpRequest, customer: Customer, form: ScoresForm, theirs: dict
) -> HttpResponse:
    """Someone scored first: their scores and yours side by side; the form keeps yours, now based on
    theirs, so saving again is a choice."""
    rows = form.conflict_rows(theirs)
    data = request.POST.copy()
    for criterion in form.criteria:
        data[f"version_{criterion.pk}"] = str(theirs[criterion.pk].version if criterion.pk in theirs else 0)
    form = ScoresForm(data, criteria=form.criteria, scores=theirs)
    form.is_valid()
    context = customer_frame(request, customer, "selection", form=form, conflict=rows)
    return render(request, "accounts/selection_scores_form.html", context, status=409)


def _scores_saved_message(changed: int) -> str:
    if not changed:
        return _("Nothing had changed; the scores are as they were.")
    return ngettext("%(count)d score saved.", "%(count)d scores saved.", changed) % {"count": changed}


@require_POST
def decision_create_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.decide")
    from_calibration = request.POST.get("origin") == "calibration"
    form = _decision_form(request.POST, customer)
    if form.is_valid():
        back = reverse("accounts:customer-selection", args=[customer.pk])
        try:
            decision = submission_once(
                token=form.submission_token,
                fingerprint=sent_fingerprint(request),
                user=request.user,
                create=lambda: services.selection_decide(
                    customer=customer, by=request.user, **form.cleaned_data
                ),
                location=lambda _decision: back,
            )
        except AlreadySubmitted as error:
            return already_saved(request, error, back)
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return _decision_refused(request, customer, form, from_calibration)
    warnings = []
    if decision.new_status == Customer.Status.KEY:
        warnings = _ceiling_warnings(selectors.key_account_load(customer), customer, ahead=False)
    done = _("Decision recorded: %(customer)s is now “%(status)s”.") % {
        "customer": customer,
        "status": customer.get_status_display(),
    }
    if from_calibration and request.htmx:
        return _calibration_row(request, customer.pk, note=done, warnings=warnings)
    for warning in warnings:
        messages.warning(request, warning)
    messages.success(request, done)
    if from_calibration:
        return redirect("accounts:calibration")
    return redirect("accounts:customer-selection", customer.pk)


def _decision_form(data, customer: Customer) -> DecisionForm:
    """The decision form; it asks who will own the customer if it becomes a key account: an active
    member of the customer's team (or the owner it has)."""
    team = Q(teams=customer.team_id, is_active=True) if customer.team_id else Q(pk__in=[])
    owners = User.objects.filter(team | Q(pk=customer.owner_id)).distinct().order_by("full_name")
    return DecisionForm(data, owners=owners, current_owner=customer.owner)


def _decision_refused(
    request: HttpRequest, customer: Customer, form: DecisionForm, from_calibration: bool
) -> HttpResponse:
    errors = " ".join(str(error) for errors in form.errors.values() for error in errors)
    if from_calibration and request.htmx:
        # htmx swaps only 2xx answers: the row comes back with its error so the leader sees it in place.
        return _calibration_row(request, customer.pk, form=form)
    messages.error(request, _("The decision was not recorded. %(errors)s") % {"errors": errors})
    context = customer_frame(request, customer, "selection")
    context.update(_selection_tab(customer, True, form=form))
    return render(request, "accounts/selection_tab.html", context, status=400)


@require_http_methods(["GET", "POST"])
def next_step_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.score")
    form = _next_step_form(request.POST if request.method == "POST" else None, customer)
    context = customer_frame(request, customer, "selection", form=form)
    if request.method == "POST":
        if form.is_valid():
            version, data = form.changes()
            try:
                customer_update(customer=customer, by=request.user, version=version, **data)
            except EditConflict as conflict:
                if conflict.current is None:
                    raise Http404("No such customer") from None
                current = conflict.current
                context["form"], context["conflict"] = rebase(
                    lambda data, theirs: _next_step_form(data, theirs), request.POST, current
                )
                return render(request, "accounts/selection_next_step.html", context, status=409)
            messages.success(request, _("The next step is saved."))
            return redirect("accounts:customer-selection", customer.pk)
        messages.error(request, _("The next step was not saved. Check the marked fields."))
    return render(request, "accounts/selection_next_step.html", context, status=400 if form.errors else 200)


def _next_step_form(data, customer: Customer) -> NextStepForm:
    initial = {
        "next_step": customer.next_step,
        "target_date": customer.target_date,
        "version": customer.version,
    }
    return NextStepForm(data, initial=initial)


# --- Ranking, calibration, future key accounts ----------------------------------------------------
@require_GET
@cached_page
def ranking_view(request: HttpRequest) -> HttpResponse:
    form = RankingFilterForm(request.GET, teams=selectors.ranking_teams(request.user))
    filters = form.filters()
    rows = selectors.ranking(request.user, filters)
    page = Paginator(rows, RANKING_PAGE_SIZE).get_page(request.GET.get("page"))
    charted = [row for row in rows if row.quadrant][:CHART_LIMIT]
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **_subnav(request, "ranking"),
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "filtered": bool(filters),
        "chart": _chart(_row_points(charted), chart_id="ranking-quadrant"),
        "charted": len(charted),
        "chart_limited": sum(1 for row in rows if row.quadrant) > CHART_LIMIT,
        "unplaced": sum(1 for row in rows if not row.quadrant),
        "quadrants": _quadrant_key(rows),
    }
    return render_page(request, "accounts/ranking.html", "accounts/partials/ranking_results.html", context)


CALIBRATION_PAGE_SIZE = 25


@require_GET
@cached_page
def calibration_view(request: HttpRequest) -> HttpResponse:
    """The board, a page of 25 customers at a time (filtered by team or status); each row's decision
    form is asked for on demand, so the page stays small however many customers a leader has."""
    access.require_portfolio(request.user)
    form = RankingFilterForm(request.GET, teams=list(access.portfolio_teams(request.user).order_by("name")))
    form.fields["status"].choices = [("", _("Candidates and key accounts"))] + [
        (value, label) for value, label in Customer.Status.choices if value in selectors.DECISION_STATUSES
    ]
    board = selectors.calibration(request.user, form.filters())
    page = Paginator(board.rows, CALIBRATION_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        **_subnav(request, "calibration"),
        "board": board,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "colspan": FIXED_COLUMNS + len(board.criteria),
        "decision_kinds": SelectionDecision.Kind.choices,
        "chart": _chart(
            _row_points([r for r in board.rows if r.quadrant][:CHART_LIMIT]), "calibration-quadrant"
        ),
    }
    return render_page(
        request, "accounts/calibration.html", "accounts/partials/calibration_loads.html", context
    )


@require_GET
@cached_page
def calibration_decide_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    """The decision form for one row of the board: a fragment for htmx, a small page without it."""
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.decide")
    row = selectors.calibration_row(request.user, customer.pk)
    if row is None:
        raise Http404("No such customer")
    context = {
        "row": row,
        "decision_kinds": SelectionDecision.Kind.choices,
        "row_form": None,
        "row_owners": _decision_form(None, customer).fields["owner"].queryset,
    }
    if request.htmx:
        return render(request, "accounts/partials/calibration_decision_form.html", context)
    return render(request, "accounts/calibration_decide.html", context)


def _calibration_row(request, customer_pk: int, *, form=None, note: str = "", warnings=()) -> HttpResponse:
    row = selectors.calibration_row(request.user, customer_pk)
    if row is None:
        raise Http404("No such customer")
    context = {
        "row": row,
        "colspan": FIXED_COLUMNS + len(row.cells),
        "decision_kinds": SelectionDecision.Kind.choices,
        "row_form": form,
        "row_owners": form.fields["owner"].queryset if form is not None and "owner" in form.fields else (),
        "row_note": note,
        "row_warnings": warnings,
    }
    response = render(request, "accounts/partials/calibration_row.html", context)
    if form is None:
        response["HX-Trigger"] = "selection-decided"  # the KAM counts on the board refresh themselves
    return response


@require_GET
@cached_page
def future_key_accounts_view(request: HttpRequest) -> HttpResponse:
    access.require_portfolio(request.user)
    rows = selectors.future_key_accounts(request.user, timezone.localdate())
    context = {**_subnav(request, "future"), "rows": rows, "overdue": sum(1 for r in rows if r.overdue)}
    return render(request, "accounts/future_key_accounts.html", context)


# --- Criteria -------------------------------------------------------------------------------------
@require_GET
@cached_page
def criteria_list_view(request: HttpRequest) -> HttpResponse:
    access.require_criteria_manager(request.user)
    criteria = selectors.all_criteria()
    total = sum(c.weight for c in criteria if c.active)
    rows = [(c, round(100 * c.weight / total) if total and c.active else None) for c in criteria]
    return render(request, "accounts/criteria_list.html", {**_subnav(request, "criteria"), "rows": rows})


@require_http_methods(["GET", "POST"])
def criterion_create_view(request: HttpRequest) -> HttpResponse:
    access.require_criteria_manager(request.user)
    form = CriterionForm(request.POST if request.method == "POST" else None)
    return _criterion_form(request, form, None)


@require_http_methods(["GET", "POST"])
def criterion_edit_view(request: HttpRequest, criterion_id: int) -> HttpResponse:
    access.require_criteria_manager(request.user)
    criterion = Criterion.objects.filter(pk=criterion_id).first()
    if criterion is None:
        raise Http404("No such criterion")
    form = CriterionForm(request.POST if request.method == "POST" else None, instance=criterion)
    return _criterion_form(request, form, criterion)


def _criterion_form(request: HttpRequest, form: CriterionForm, criterion: Criterion | None) -> HttpResponse:
    if request.method == "POST":
        if form.is_valid():
            try:
                _criterion_save(request, form, criterion)
            except EditConflict as conflict:
                return _criterion_conflict(request, conflict.current)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("accounts:criteria-list")
        messages.error(request, _("The criterion was not saved. Check the marked fields."))
    context = {**_subnav(request, "criteria"), "form": form, "criterion": criterion}
    return render(request, "accounts/criteria_form.html", context, status=400 if form.errors else 200)


def _criterion_save(request: HttpRequest, form: CriterionForm, criterion: Criterion | None) -> None:
    fields = {name: form.cleaned_data[name] for name in services.CRITERION_FIELDS}
    if criterion is None:
        criterion = services.criterion_create(by=request.user, **fields)
        messages.success(request, _("The criterion “%(name)s” has been added.") % {"name": criterion})
    else:
        version = form.cleaned_data["version"]
        criterion = services.criterion_update(criterion=criterion, by=request.user, version=version, **fields)
        messages.success(request, _("The criterion “%(name)s” has been saved.") % {"name": criterion})


def _criterion_conflict(request: HttpRequest, current: Criterion | None) -> HttpResponse:
    """Someone saved the criterion first: theirs and yours side by side; a second save keeps yours."""
    if current is None:
        messages.error(request, _("Someone removed this item while you were editing it; nothing was saved."))
        return redirect("accounts:criteria-list")
    form, rows = rebase(lambda data, theirs: CriterionForm(data, instance=theirs), request.POST, current)
    context = {**_subnav(request, "criteria"), "form": form, "criterion": current, "conflict": rows}
    return render(request, "accounts/criteria_form.html", context, status=409)


# --- Shared pieces --------------------------------------------------------------------------------
def _subnav(request: HttpRequest, active: str) -> dict:
    """The selection pages' sub-navigation, showing only the pages the user may open."""
    return {
        "subnav_active": active,
        "subnav_portfolio": access.may_see_portfolio(request.user),
        "subnav_criteria": access.may_manage_criteria(request.user),
    }


def _ceiling_warnings(load: selectors.KeyLoad, customer: Customer, *, ahead: bool) -> list[str]:
    """Warnings, never refusals: the KAM's and the organisation's key accounts against the agreed ceilings."""
    warnings = []
    values = {
        "owner": load.owner_name,
        "customer": customer.name,
        "count": load.kam_count,
        "ceiling": load.kam_ceiling,
    }
    if load.kam_over:
        warnings.append(
            (
                ngettext(
                    "If %(customer)s becomes a key account, %(owner)s will hold %(count)s key account; "
                    "the agreed ceiling is %(ceiling)s per KAM.",
                    "If %(customer)s becomes a key account, %(owner)s will hold %(count)s key accounts; "
                    "the agreed ceiling is %(ceiling)s per KAM.",
                    values["count"],
                )
                if ahead
                else ngettext(
                    "%(owner)s now holds %(count)s key account; the agreed ceiling is %(ceiling)s per KAM.",
                    "%(owner)s now holds %(count)s key accounts; the agreed ceiling is %(ceiling)s per KAM.",
                    values["count"],
                )
            )
            % values
        )
    if load.total_over:
        values.update(count=load.total_count, ceiling=load.total_ceiling)
        warnings.append(
            (
                ngettext(
                    "Making it key would give the organisation %(count)s key account; the ceiling is %(ceiling)s.",
                    "Making it key would give the organisation %(count)s key accounts; the ceiling is %(ceiling)s.",
                    values["count"],
                )
                if ahead
                else ngettext(
                    "The organisation now has %(count)s key account; the ceiling is %(ceiling)s.",
                    "The organisation now has %(count)s key accounts; the ceiling is %(ceiling)s.",
                    values["count"],
                )
            )
            % values
        )
    return warnings


def _quadrant_key(rows: list[selectors.RankedRow]) -> list[dict]:
    """Each quadrant's name, what it means and how many of the rows sit in it."""
    counts = Counter(row.quadrant for row in rows)
    return [
        {"code": code, "label": label, "hint": selectors.QUADRANT_HINTS[code], "count": counts.get(code, 0)}
        for code, label in selectors.QUADRANT_LABELS.items()
    ]


def _row_points(rows: list[selectors.RankedRow]) -> list[quadrant.Point]:
    return _points(
        [(r.name, r.evaluation, r.status, reverse("accounts:customer-selection", args=[r.pk])) for r in rows]
    )


def _points(items) -> list[quadrant.Point]:
    return [
        quadrant.Point(
            name=name,
            attractiveness=evaluation.attractiveness,
            position=evaluation.position,
            quadrant=selectors.quadrant_label(evaluation.quadrant),
            group=status,
            href=href,
        )
        for name, evaluation, status, href in items
        if evaluation.quadrant
    ]


def _chart(points: list[quadrant.Point], chart_id: str, label_top: int = 12) -> SafeString:
    labels = quadrant.Labels(
        title=_("Selection matrix"),
        x_axis=_("Our position"),
        y_axis=_("Customer attractiveness"),
        quadrants={code: str(label) for code, label in selectors.QUADRANT_LABELS.items()},
        point=_("%(name)s: %(quadrant)s (attractiveness %(attractiveness)s, position %(position)s)"),
        empty=_("No customer has scores on both axes yet."),
        low=_("low"),
        high=_("high"),
        weak=_("weak"),
        strong=_("strong"),
        legend=[(status, str(label)) for status, label in Customer.Status.choices],
    )
    svg = quadrant.render(
        points,
        labels,
        chart_id=chart_id,
        label_top=label_top,
        show_title=False,
        number=format_score,
    )
    return mark_safe(svg)  # noqa: S308 - every text in the SVG is escaped by quadrant.render
