"""Choosing who owns an account, and whom a leaving KAM's accounts go to."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import Form
from accounts.forms.versioning import VersionedForm
from accounts.models import User


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj} · {obj.title}" if obj.title else str(obj)


def owner_fields(form: forms.Form, teams, people, *, required: bool = True) -> None:
    """The team and owner pair, for the owner page and the administrator's customer form."""
    form.fields["team"] = forms.ModelChoiceField(
        label=_("Team"),
        queryset=teams,
        required=required,
        error_messages={"required": _("Choose the team that holds the account.")},
    )
    form.fields["owner"] = PersonChoiceField(
        label=_("Account owner (KAM)"),
        queryset=people,
        required=required,
        help_text=_("An active member of the team."),
        error_messages={
            "required": _("Choose who owns the account."),
            "invalid_choice": _("Choose someone in one of the teams offered."),
        },
    )


def check_owner_in_team(form: forms.Form, data: dict) -> None:
    team, owner = data.get("team"), data.get("owner")
    if (
        team is not None
        and owner is not None
        and not team.members.filter(pk=owner.pk, is_active=True).exists()
    ):
        form.add_error(
            "owner",
            _("%(person)s is not an active member of %(team)s. Choose someone in the team.")
            % {"person": owner, "team": team},
        )


class OwnerForm(VersionedForm):
    """Owner and team of one customer."""

    def __init__(self, *args, teams, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner_fields(self, teams, people)

    def clean(self) -> dict:
        data = super().clean()
        check_owner_in_team(self, data)
        return data


class HandOverForm(Form):
    to = PersonChoiceField(
        label=_("Hand everything over to"),
        queryset=User.objects.none(),
        error_messages={
            "required": _("Choose who takes over."),
            "invalid_choice": _("Choose someone in one of the teams offered."),
        },
    )
    confirm = forms.BooleanField(
        label=_("I understand that this moves every account, open action and step listed above at once."),
        error_messages={"required": _("Tick the box to confirm the hand-over.")},
    )

    def __init__(self, *args, people, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = people
