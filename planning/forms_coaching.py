"""The coaching conversation form: notes on one or two of the KAM's accounts and up to three agreed actions."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import Form
from accounts.models import Customer

ACTION_ROWS = 3


class CoachingForm(Form):
    creates = True

    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    customers = forms.ModelMultipleChoiceField(
        label=_("Accounts talked about"),
        queryset=Customer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("One or two of the KAM's accounts."),
    )
    notes = forms.CharField(
        label=_("Notes"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}), strip=True
    )

    def __init__(self, *args, accounts=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customers"].queryset = accounts if accounts is not None else Customer.objects.none()
        self.initial.setdefault("held_on", timezone.localdate())
        choices = [("", _("Account…"))] + [(c.pk, c.name) for c in self.fields["customers"].queryset]
        for n in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{n}_title"] = forms.CharField(
                label=_("Agreed action %(n)s") % {"n": n}, max_length=200, required=False
            )
            self.fields[f"action_{n}_due"] = forms.DateField(
                label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
            )
            self.fields[f"action_{n}_customer"] = forms.TypedChoiceField(
                label=_("On the plan of"), choices=choices, required=False, coerce=int, empty_value=None
            )

    def clean_held_on(self) -> datetime.date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise forms.ValidationError(_("A conversation is recorded after it has taken place."))
        return held_on

    def clean_customers(self):
        customers = self.cleaned_data["customers"]
        if len(customers) > 2:
            raise forms.ValidationError(_("Choose one or two accounts: coaching goes deep, not wide."))
        return customers

    def clean(self) -> dict:
        data = super().clean()
        chosen = {c.pk: c for c in data.get("customers") or []}
        actions = []
        for n in range(1, ACTION_ROWS + 1):
            title, due, customer = (data.get(f"action_{n}_{part}") for part in ("title", "due", "customer"))
            if not title and not due and not customer:
                continue
            if not title or not due:
                self.add_error(f"action_{n}_title", _("An agreed action needs both a title and a due date."))
                continue
            if customer is None and len(chosen) == 1:
                customer = next(iter(chosen))
            if customer not in chosen:
                self.add_error(f"action_{n}_customer", _("Choose one of the accounts talked about."))
                continue
            actions.append((title, due, chosen[customer]))
        data["actions"] = actions
        return data

    def action_rows(self) -> list[tuple]:
        return [
            (self[f"action_{n}_title"], self[f"action_{n}_due"], self[f"action_{n}_customer"])
            for n in range(1, ACTION_ROWS + 1)
        ]
