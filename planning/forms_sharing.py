"""Forms for sharing the plan: the invitation, and what a customer guest sends from "Our plan"."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms.base import Form, WholeNumberField
from accounts.forms.versioning import VersionedForm
from accounts.models import Stakeholder
from planning.guest_selectors import GUEST_ACTION_STATUSES
from planning.models import Action, Invitation
from planning.models.sharing import COMMENT_MAX, DEFAULT_DAYS, MAX_DAYS


class InvitationForm(Form):
    creates = True

    stakeholder = forms.ModelChoiceField(
        label=_("Customer contact"),
        queryset=Stakeholder.objects.none(),
        help_text=_("Only people with an e-mail address who are still at the customer."),
    )
    days = WholeNumberField(
        label=_("Link valid for (days)"),
        min_value=1,
        max_value=MAX_DAYS,
        initial=DEFAULT_DAYS,
        help_text=_("At most %(max)s days.") % {"max": MAX_DAYS},
    )
    language = forms.ChoiceField(
        label=_("Language of the e-mail and page"), choices=Invitation.Language.choices
    )

    def __init__(self, *args, customer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stakeholder"].queryset = (
            Stakeholder.objects.filter(customer=customer, has_left=False)
            .exclude(email="")
            .only("pk", "name", "email", "customer_id")
            .order_by("name")
        )
        self.fields["stakeholder"].label_from_instance = lambda s: f"{s.name} <{s.email}>"


class ResendForm(Form):
    days = WholeNumberField(
        label=_("Link valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS
    )


class ReplyForm(VersionedForm):
    text = forms.CharField(
        label=_("Your answer"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class GuestCommentForm(Form):
    creates = True

    item = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Your comment"), max_length=COMMENT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class GuestCriteriaForm(Form):
    creates = True

    answer = forms.ChoiceField(choices=[("agree", _("I agree")), ("propose", _("Propose a change"))])
    text = forms.CharField(
        label=_("What should change?"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class GuestActionForm(Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[(s.value, s.label) for s in Action.Status if s in GUEST_ACTION_STATUSES]
    )


class GuestPulseForm(Form):
    creates = True

    score = forms.TypedChoiceField(
        label=_("How satisfied are you with us right now?"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("Anything you want to tell us? (optional)"),
        max_length=COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
