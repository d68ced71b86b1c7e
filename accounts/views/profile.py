"""The profile tab: seven sections, each edited in place (htmx) or on its own page (without JavaScript)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import access
from accounts.forms.profile import ProfileSectionForm
from accounts.models import Customer
from accounts.pagecache import cached_page
from accounts.selectors.profile import (
    SectionView,
    is_section_key,
    profile_section,
    profile_sections,
    section_display,
)
from accounts.services.profile import EditConflict, profile_section_save
from accounts.views.customers import customer_frame
from kam.http import render_page

PAGE = "accounts/customer_profile.html"
SECTIONS = "accounts/partials/profile_sections.html"
SECTION = "accounts/partials/profile_section.html"
EDIT_PAGE = "accounts/profile_section_form.html"
EDIT_FORM = "accounts/partials/profile_section_form.html"


@require_GET
def profile_view(request: HttpRequest, customer_id: int) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    return render_page(request, PAGE, SECTIONS, _page_context(request, customer))


@require_GET
@cached_page
def section_view(request: HttpRequest, customer_id: int, key: str) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id)
    _check_key(key)
    if not _wants_fragment(request):  # one URL, two shapes: without htmx, the whole profile
        return render_page(request, PAGE, SECTIONS, _page_context(request, customer))
    section = profile_section(customer, key)
    return render_page(request, PAGE, SECTION, customer_frame(request, customer, "profile", section=section))


@require_http_methods(["GET", "POST"])
def section_edit_view(request: HttpRequest, customer_id: int, key: str) -> HttpResponse:
    customer = access.get_customer_for_user(request.user, customer_id, action="customer.edit")
    _check_key(key)
    section = profile_section(customer, key)
    if request.method == "GET":
        form = ProfileSectionForm(key=key, initial={"body": section.body, "version": section.version})
        return _edit_response(request, customer, section, form)
    form = ProfileSectionForm(request.POST, key=key)
    if not form.is_valid():
        return _edit_response(request, customer, section, form, status=400)
    try:
        saved = profile_section_save(
            customer=customer,
            key=key,
            body=form.cleaned_data["body"],
            base_version=form.cleaned_data["version"],
            by=request.user,
        )
    except EditConflict as conflict:
        return _conflict_response(request, customer, conflict, form)
    if _wants_fragment(request):
        context = customer_frame(
            request, customer, "profile", section=section_display(saved), just_saved=True
        )
        return render_page(request, PAGE, SECTION, context)
    messages.success(request, _("“%(section)s” has been saved.") % {"section": section.title})
    return redirect(reverse("accounts:customer-profile", args=[customer.pk]) + f"#profile-{key}")


def _conflict_response(
    request: HttpRequest, customer: Customer, conflict: EditConflict, form: ProfileSectionForm
) -> HttpResponse:
    """Nothing is overwritten: their version is shown, yours stays in the box, now based on theirs."""
    theirs = section_display(conflict.current)
    data = request.POST.copy()
    data["version"] = str(theirs.version)
    form = ProfileSectionForm(data, key=theirs.key)
    form.is_valid()
    who = str(theirs.updated_by) if theirs.updated_by else _("Someone")
    form.add_error(
        None,
        _(
            "%(person)s saved this section while you were editing, so your text has not been saved yet. "
            "Their version is shown first; yours is still in the box. Combine what you need and save again."
        )
        % {"person": who},
    )
    return _edit_response(request, customer, theirs, form, status=409, theirs=theirs)


def _edit_response(
    request: HttpRequest,
    customer: Customer,
    section: SectionView,
    form: ProfileSectionForm,
    status: int = 200,
    theirs: SectionView | None = None,
) -> HttpResponse:
    context = customer_frame(request, customer, "profile", section=section, form=form, theirs=theirs)
    # htmx swaps only 2xx answers, so the fragment with its messages comes back as 200.
    return render_page(
        request, EDIT_PAGE, EDIT_FORM, context, status=200 if _wants_fragment(request) else status
    )


def _page_context(request: HttpRequest, customer: Customer) -> dict:
    return customer_frame(request, customer, "profile", sections=profile_sections(customer))


def _check_key(key: str) -> None:
    if not is_section_key(key):
        raise Http404("No such profile section")


def _wants_fragment(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False)) and not request.htmx.boosted
