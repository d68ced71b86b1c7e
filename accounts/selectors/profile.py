"""Reads for the customer profile: the seven sections in their fixed order, written or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from accounts.markdown import render_markdown
from accounts.models import Customer, ProfileSection, User

# What belongs in each section: shown while a section is still empty.
SECTION_HINTS = {
    ProfileSection.Key.BUSINESS: _("Their main products and services, and where their revenue comes from."),
    ProfileSection.Key.GOALS: _("Where they want to be in one to three years: growth, markets, investments."),
    ProfileSection.Key.TRENDS: _(
        "Trends, regulation and technology that change their business, e.g. the EU taxonomy or electrification."
    ),
    ProfileSection.Key.SUCCESS: _("The figures their management steers by and how they report success."),
    ProfileSection.Key.CHALLENGES: _(
        "What keeps them busy right now, and what they have decided to prioritise."
    ),
    ProfileSection.Key.DECISIONS: _("How they are organised, who decides, who influences, and how they buy."),
    ProfileSection.Key.PROJECTS: _(
        "Ongoing projects, their size and timing, and the business volume with us."
    ),
}


@dataclass(frozen=True)
class SectionView:
    """One profile section as the page shows it."""

    key: str
    title: str
    hint: str
    body: str
    version: int
    updated_at: datetime | None
    updated_by: User | None

    @property
    def written(self) -> bool:
        return bool(self.body.strip())

    @property
    def html(self) -> SafeString:
        return render_markdown(self.body)


def _view(key: str, section: ProfileSection | None) -> SectionView:
    return SectionView(
        key=key,
        title=ProfileSection.Key(key).label,
        hint=SECTION_HINTS[key],
        body=section.body if section else "",
        version=section.version if section else 0,
        updated_at=section.updated_at if section else None,
        updated_by=section.updated_by if section else None,
    )


def section_display(section: ProfileSection) -> SectionView:
    return _view(section.key, section)


def profile_sections(customer: Customer) -> list[SectionView]:
    """All seven sections in the order of ProfileSection.Key, in one query."""
    stored = {s.key: s for s in customer.profile_sections.select_related("updated_by")}
    return [_view(key, stored.get(key)) for key in ProfileSection.Key.values]


def profile_section(customer: Customer, key: str) -> SectionView:
    """One section (written or not); `key` must be one of ProfileSection.Key."""
    stored = customer.profile_sections.select_related("updated_by").filter(key=key).first()
    return _view(key, stored)


def is_section_key(key: str) -> bool:
    return key in ProfileSection.Key.values
