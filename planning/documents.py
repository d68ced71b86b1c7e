"""PDF account plans and QBR packs: what goes into each, the background job that makes them, and the
versions kept per plan.

Two variants of each document:
* internal — what the account team reads on the plan, white-space and stakeholder pages, with the
  same SVG pictures (heat map, potential captured, org chart). DISC styles and personal notes are
  not in it, so every version reads the same for anyone who may see the customer;
* customer copy — exactly what a guest sees, from `planning.guest_selectors` (the same code as the
  guest page), marked "customer copy".
The QBR pack adds results against goals, actions done and overdue, the next steps, and the
sections higher apps register in `planning.qbr` (e.g. the last QBR's decisions).
"""

from __future__ import annotations

import datetime
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts import jobs
from accounts.models import Job
from accounts.selectors.stakeholders import org_chart_svg, stakeholder_map
from planning import charts, guest_selectors, pdfrender, qbr, selectors
from planning.models import AccountPlan, PlanDocument

JOB_KIND = "planning.pdf"
QBR_WINDOW_DAYS = 90


@dataclass
class Section:
    anchor: str
    title: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)


def documents_folder() -> Path:
    folder = Path(settings.MEDIA_ROOT) / "plan-documents"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def document_path(document: PlanDocument) -> Path:
    return documents_folder() / document.file


# --- What each document holds ----------------------------------------------------------------------
def build_html(
    plan: AccountPlan,
    kind: str,
    user,
    today: datetime.date | None = None,
    pictures: dict[str, str] | None = None,
) -> str:
    """The document as HTML in the active language; the PDF is drawn from exactly this.

    Given a `pictures` dict, the charts go into it and the HTML refers to them by
    `pdfrender.picture_url` (pass the same dict to `pdfrender.render`): WeasyPrint then reads each
    chart as an image instead of parsing and styling its hundreds of SVG elements as part of the
    page. Without it the charts are inline."""
    today = today or timezone.localdate()
    customer_copy = kind in PlanDocument.CUSTOMER_KINDS
    is_qbr = kind in (PlanDocument.Kind.QBR, PlanDocument.Kind.QBR_CUSTOMER)
    if customer_copy:
        page = guest_selectors.guest_plan(plan.pk, None, today)
        sections = _customer_sections(page, is_qbr, today)
    else:
        sections = _internal_sections(plan, is_qbr, today, pictures)
    if is_qbr:
        sections += [
            Section(f"extra-{i}", s.title, "planning/pdf/registered.html", {"section": s})
            for i, s in enumerate(qbr.sections(plan, user))
            if not customer_copy
        ]
    title = _("QBR pack") if is_qbr else _("Account plan")
    context = {
        "plan": plan,
        "customer_name": plan.customer.name,
        "title": title,
        "customer_copy": customer_copy,
        "mark": _("Customer copy") if customer_copy else _("Internal – not for the customer"),
        "sections": sections,
        "made_on": today,
        "made_by": user.full_name if user else "",
        "kam": plan.customer.owner.full_name,
        "css": _css(),
        "language": translation.get_language(),
    }
    return render_to_string("planning/pdf/document.html", context)


def _css() -> str:
    path = finders.find("css/pdf.css")
    return Path(path).read_text(encoding="utf-8") if path else ""


def _picture(pictures: dict[str, str] | None, name: str, svg: str, alt: str) -> str:
    """The chart inline, or an <img> of it when the document's pictures are kept apart."""
    if pictures is None:
        return svg
    pictures[name] = str(svg)
    return format_html('<img src="{}" alt="{}">', pdfrender.picture_url(name), alt)


def _internal_sections(
    plan: AccountPlan, is_qbr: bool, today: datetime.date, pictures: dict[str, str] | None
) -> list[Section]:
    page = selectors.plan_page(plan, today=today)
    grid = selectors.whitespace_matrix(plan.customer)
    heat_title = str(_("Open potential by offering and unit"))
    heatmap = _picture(
        pictures, "heatmap.svg", charts.heatmap_svg(grid, title=heat_title, chart_id="pdf-heat"), heat_title
    )
    summary = Section("summary", _("Summary"), "planning/pdf/internal_summary.html", {"page": page})
    goals_title = _("Results against goals") if is_qbr else _("Goals")
    goals = Section("goals", goals_title, "planning/pdf/internal_goals.html", {"page": page})
    whitespace = Section(
        "whitespace",
        _("White space"),
        "planning/pdf/internal_whitespace.html",
        {"heatmap": heatmap, "grid": grid},
    )
    if is_qbr:
        return [
            summary,
            goals,
            *_qbr_action_sections(page.open_actions, page.closed_actions, today),
            whitespace,
        ]
    captured_title = str(_("Potential captured over time"))
    captured = charts.captured_svg(
        selectors.capture_points(plan.customer, grid.totals), title=captured_title, chart_id="pdf-captured"
    )
    captured = _picture(pictures, "captured.svg", captured, captured_title)
    whitespace.data["captured"] = captured
    smap = stakeholder_map(plan.customer, internal=False)
    # The same picture as the stakeholder page, which also marks it safe: every text in it is escaped.
    org_chart = mark_safe(org_chart_svg(smap))  # noqa: S308
    return [
        summary,
        goals,
        Section(
            "opportunities", _("Opportunities"), "planning/pdf/internal_opportunities.html", {"page": page}
        ),
        Section("actions", _("Actions"), "planning/pdf/internal_actions.html", {"page": page}),
        Section("risks", _("Risks and responsibilities"), "planning/pdf/internal_risks.html", {"page": page}),
        whitespace,
        Section(
            "people",
            _("Stakeholders"),
            "planning/pdf/internal_people.html",
            {
                "org_chart": _picture(pictures, "org-chart.svg", org_chart, _("Org chart")),
                "people": smap.people,
            },
        ),
    ]


def _qbr_action_sections(open_actions, closed_actions, today: datetime.date) -> list[Section]:
    since = today - datetime.timedelta(days=QBR_WINDOW_DAYS)
    done = [
        a
        for a in closed_actions
        if a.status == a.Status.DONE and a.completed_at and a.completed_at.date() >= since
    ]
    overdue = [a for a in open_actions if a.due < today]
    upcoming = [a for a in open_actions if today <= a.due <= today + datetime.timedelta(days=QBR_WINDOW_DAYS)]
    return [
        Section(
            "done", _("Done since the last quarter"), "planning/pdf/action_section.html", {"actions": done}
        ),
        Section("overdue", _("Overdue"), "planning/pdf/action_section.html", {"actions": overdue}),
        Section("next", _("Next steps"), "planning/pdf/action_section.html", {"actions": upcoming}),
    ]


def _customer_sections(page, is_qbr: bool, today: datetime.date) -> list[Section]:
    data = {"page": page}
    sections = [
        Section("summary", _("Summary"), "planning/pdf/customer_summary.html", data),
        Section(
            "goals",
            _("Results against goals") if is_qbr else _("Goals"),
            "planning/pdf/customer_goals.html",
            data,
        ),
    ]
    if is_qbr:
        since = today - datetime.timedelta(days=QBR_WINDOW_DAYS)
        done = [a for a in page.actions if a.status == "done" and a.due >= since]
        overdue = [a for a in page.actions if a.overdue]
        upcoming = [
            a
            for a in page.actions
            if a.status != "done" and today <= a.due <= today + datetime.timedelta(days=90)
        ]
        sections += [
            Section(
                "done",
                _("Done since the last quarter"),
                "planning/pdf/customer_actions.html",
                {"actions": done},
            ),
            Section("overdue", _("Overdue"), "planning/pdf/customer_actions.html", {"actions": overdue}),
            Section("next", _("Next steps"), "planning/pdf/customer_actions.html", {"actions": upcoming}),
        ]
    else:
        sections += [
            Section("initiatives", _("Initiatives"), "planning/pdf/customer_initiatives.html", data),
            Section("actions", _("Actions"), "planning/pdf/customer_actions.html", {"actions": page.actions}),
        ]
    sections.append(
        Section("whitespace", _("What we deliver where"), "planning/pdf/customer_whitespace.html", data)
    )
    return sections


# --- Making a version --------------------------------------------------------------------------------
def document_request(*, plan: AccountPlan, kind: str, by) -> Job:
    """Queue a PDF of `kind` for the plan; the page polls the job, then offers the download."""
    from accounts import services as core_services

    if kind not in PlanDocument.Kind.values:
        raise ValueError(f"Unknown document kind {kind!r}")
    return core_services.job_create(kind=JOB_KIND, by=by, customer=plan.customer, plan=plan.pk, document=kind)


@jobs.register(JOB_KIND)
def run_document_job(job: Job, progress: jobs.Progress) -> dict:
    """The job's runner: HTML in the asker's language, the PDF under a time limit, a new version."""
    plan = AccountPlan.objects.select_related("customer__owner").get(
        pk=job.params["plan"], customer=job.customer
    )
    kind = job.params["document"]
    with translation.override(job.created_by.language):
        progress(10, _("Gathering the plan"))
        pictures: dict[str, str] = {}
        html = build_html(plan, kind, job.created_by, pictures=pictures)
        progress(40, _("Laying out the pages"))
        target = jobs.job_file_path(job, ".pdf")
        pages = pdfrender.render(html, target, pictures=pictures)
        progress(90, _("Keeping the version"))
        document = _keep_version(plan, kind, job, target, pages)
        filename = _filename(plan, document)
    return {
        "file": target.name,
        "filename": filename,
        "content_type": "application/pdf",
        "document": document.pk,
        "pages": pages,
    }


def _keep_version(plan: AccountPlan, kind: str, job: Job, source: Path, pages: int) -> PlanDocument:
    for _attempt in range(3):  # two jobs finishing at once: the unique version number decides
        number = (
            PlanDocument.objects.filter(plan=plan, kind=kind).aggregate(top=Max("number"))["top"] or 0
        ) + 1
        name = f"plan-{plan.pk}-{kind}-v{number}-{job.pk}.pdf"
        try:
            with transaction.atomic():
                document = PlanDocument.objects.create(
                    plan=plan,
                    kind=kind,
                    number=number,
                    language=translation.get_language() or "en",
                    file=name,
                    pages=pages,
                    size=source.stat().st_size,
                    created_by=job.created_by,
                )
        except IntegrityError:
            continue
        shutil.copyfile(source, document_path(document))
        return document
    raise RuntimeError("Could not number the document version")


def _filename(plan: AccountPlan, document: PlanDocument) -> str:
    kind = {
        PlanDocument.Kind.INTERNAL: _("account-plan-internal"),
        PlanDocument.Kind.CUSTOMER: _("account-plan"),
        PlanDocument.Kind.QBR: _("qbr-pack-internal"),
        PlanDocument.Kind.QBR_CUSTOMER: _("qbr-pack"),
    }[document.kind]
    safe = "".join(ch if ch.isalnum() else "-" for ch in plan.customer.name).strip("-")[:60]
    return f"{safe}-{plan.period}-{kind}-v{document.number}.pdf"


def register_checks() -> None:
    """`manage.py check` warns when the PDF libraries are missing (the job runner registers on import)."""
    from django.core import checks

    @checks.register(checks.Tags.compatibility)
    def pdf_libraries(app_configs, **kwargs):
        reason = pdfrender.unavailable_reason()
        if not reason:
            return []
        return [checks.Warning(reason, hint="See the README, section PDF.", id="planning.W001")]
