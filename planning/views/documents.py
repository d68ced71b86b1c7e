"""PDFs of the plan: the versions kept, a new one made in the background, and the download."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.views.customers import customer_frame
from kam.http import render_page
from planning import documents, pdfrender
from planning.models import PlanDocument
from planning.views.common import plan_for_user


@require_http_methods(["GET", "POST"])
def plan_documents_view(request: HttpRequest, plan_id: int) -> HttpResponse:
    """GET lists the versions made so far; POST queues a new one and shows its progress."""
    plan = plan_for_user(request, plan_id)
    unavailable = pdfrender.unavailable_reason()
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        if unavailable:
            messages.error(
                request,
                _(
                    "PDFs cannot be made on this server yet: an administrator must install the PDF libraries (see the README)."
                ),
            )
        elif kind not in PlanDocument.Kind.values:
            messages.error(request, _("Choose which document to make."))
        else:
            job = documents.document_request(plan=plan, kind=kind, by=request.user)
            return render_page(
                request, "accounts/job.html", "accounts/partials/job_status.html", {"job": job}
            )
        return redirect("planning:plan-documents", plan.pk)
    versions = list(plan.documents.select_related("created_by").order_by("-created_at", "-pk"))
    context = customer_frame(
        request,
        plan.customer,
        "plan",
        plan=plan,
        versions=versions,
        kinds=PlanDocument.Kind.choices,
        unavailable=bool(unavailable),
    )
    return render(request, "planning/documents.html", context)


@require_GET
def document_download_view(request: HttpRequest, document_id: int) -> HttpResponse:
    documents_qs = PlanDocument.objects.select_related("plan__customer__owner", "plan__customer__team")
    document = access.get_customer_object_for_user(
        request.user, documents_qs, document_id, customer_path="plan__customer"
    )
    path = documents.document_path(document)
    if not path.is_file():
        raise Http404("The file is gone")
    return FileResponse(
        path.open("rb"),
        as_attachment=True,
        filename=documents._filename(document.plan, document),
        content_type="application/pdf",
    )
