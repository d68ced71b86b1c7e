"""Writes to the customer profile. Each service is atomic and records its timeline event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts import timeline
from accounts.models import Customer, ProfileSection, User
from accounts.services import event_record

MAX_BODY_LENGTH = 20_000

_SECTION_TITLES = dict(ProfileSection.Key.choices)  # lazy: translated when the sentence is shown
timeline.register_label("profile_section", lambda key: _SECTION_TITLES.get(key, key))


class EditConflict(Exception):
    """Someone saved the section after the editor opened it. `current` is what they saved."""

    def __init__(self, current: ProfileSection) -> None:
        super().__init__(f"Profile section {current.key} is at version {current.version}")
        self.current = current


def normalise_body(body: str) -> str:
    """One kind of line break and no trailing blank space, so "no change" really is no change."""
    return body.replace("\r\n", "\n").replace("\r", "\n").rstrip()


def profile_section_save(
    *, customer: Customer, key: str, body: str, base_version: int, by: User
) -> ProfileSection:
    """Save one section's text, unless someone saved it since the editor loaded `base_version`.

    `base_version` is the version the editor started from (0 when the section was never written).
    Raises EditConflict (nothing written) when the stored version has moved on, and ValidationError
    for an unknown section or a text over MAX_BODY_LENGTH characters. Saving the same text again
    changes nothing and records nothing.
    """
    if key not in ProfileSection.Key.values:
        raise ValidationError(_("There is no profile section called %(key)s.") % {"key": key})
    body = normalise_body(body)
    if len(body) > MAX_BODY_LENGTH:
        raise ValidationError(
            _("The text is %(length)s characters long; the limit is %(limit)s.")
            % {"length": len(body), "limit": MAX_BODY_LENGTH}
        )
    with transaction.atomic():
        section = (
            ProfileSection.objects.select_for_update(of=("self",)).filter(customer=customer, key=key).first()
        )
        if section is not None and section.version != base_version:
            raise EditConflict(section)
        if section is not None and section.body == body:
            return section
        section = section or ProfileSection(customer=customer, key=key, version=0)
        section.body, section.updated_by, section.version = body, by, section.version + 1
        section.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                section.save()
        except IntegrityError as error:  # the first text of this section was saved a moment ago
            raise EditConflict(ProfileSection.objects.get(customer=customer, key=key)) from error
        event_record(customer=customer, kind="profile.updated", by=by, profile_section=key)
    return section
