"""Parse and validate; never perform the operation (the views call services for that)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from accounts import countries, orgnumbers
from accounts.forms.base import Form, ModelForm, TrustedFormMixin
from accounts.forms.versioning import VersionedModelForm
from accounts.models import TIME_ZONE_CHOICES, AccountMember, Customer, CustomerUnit, User


class LoginForm(TrustedFormMixin, auth_forms.AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": _(
            "That e-mail address and password do not match an account. Check both and try again."
        ),
        "inactive": _("This account has been deactivated. Ask an administrator for help."),
    }


class PasswordResetRequestForm(Form):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class CustomerForm(VersionedModelForm):
    """The customer's own record. Status changes to key account or former go through a decision."""

    creates = True

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(Customer.Status.PROSPECT, _("Prospect")), (Customer.Status.CANDIDATE, _("Candidate"))],
        initial=Customer.Status.PROSPECT,
    )

    class Meta:
        model = Customer
        fields = [
            "name",
            "org_number",
            "external_id",
            "status",
            "tier",
            "parent",
            "industry",
            "country",
            "website",
        ]
        widgets = {"country": forms.TextInput(attrs={"size": 2, "maxlength": 2})}
        field_classes = {"website": forms.URLField}

    def __init__(self, *args, parents=None, visible=None, assign=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if assign is not None:  # an administrator also chooses the owner and the team
            from accounts.forms.owners import owner_fields

            owner_fields(self, *assign, required=False)  # left blank: as it is (or yourself, when new)
            if self.instance.pk and not self.is_bound:
                self.initial.update(owner=self.instance.owner_id, team=self.instance.team_id)
        self.fields["parent"].queryset = parents if parents is not None else Customer.objects.none()
        self.visible = visible if visible is not None else Customer.objects.none()
        self.fields["tier"].required = False
        self.fields["website"].assume_scheme = "https"
        if self.instance.pk and self.instance.status not in {
            Customer.Status.PROSPECT,
            Customer.Status.CANDIDATE,
        }:
            # Key accounts and former customers change status only through a selection decision.
            del self.fields["status"]

    def clean(self) -> dict:
        data = super().clean()
        if "owner" in self.fields:
            from accounts.forms.owners import check_owner_in_team

            if self.instance.pk and (data.get("owner") or data.get("team")):
                data["owner"] = data.get("owner") or self.instance.owner
                data["team"] = data.get("team") or self.instance.team
            check_owner_in_team(self, data)
        return data

    def clean_tier(self) -> int:
        return self.cleaned_data["tier"] or self.instance.tier or Customer.Tier.THREE

    def clean_org_number(self) -> str:
        country = str(self.data.get(self.add_prefix("country"), "")).strip().upper()
        try:  # "NO 906 800 004 MVA", "906800004" and "906 800 004" are stored alike
            number = orgnumbers.normalise(self.cleaned_data["org_number"], country)
        except orgnumbers.InvalidOrgNumber as error:
            raise forms.ValidationError(orgnumbers.explain(error), code="check_digit") from error
        self._check_taken("org_number", number, _("%(name)s has this organisation number already."))
        return number

    def clean_external_id(self) -> str:
        external_id = self.cleaned_data["external_id"].strip()
        self._check_taken("external_id", external_id, _("%(name)s has this external ID already."))
        return external_id

    def _check_taken(self, field: str, value: str, seen_message: str) -> None:
        """A number another customer holds is refused. Only a customer the user may see is named:
        for any other the answer is the same one a wrong number gets, so nothing is revealed."""
        if not value:
            return
        others = Customer.objects.filter(**{field: value}).exclude(pk=self.instance.pk)
        seen = self.visible.filter(pk__in=others.values("pk")).first()
        if seen is not None:
            raise forms.ValidationError(seen_message % {"name": seen.name}, code="taken")
        if others.exists():
            constraint = next(c for c in Customer._meta.constraints if field in getattr(c, "fields", ()))
            raise forms.ValidationError(constraint.violation_error_message, code="unavailable")

    def clean_parent(self):
        parent = self.cleaned_data["parent"]
        node, seen = parent, set()
        while node is not None and self.instance.pk:
            if node.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("A customer cannot belong to itself or to one of its own subsidiaries.")
                )
            if node.pk in seen:
                break
            seen.add(node.pk)
            node = node.parent
        return parent

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the customer a name."))
        return name

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data["country"])


class MemberForm(Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=AccountMember.Role.choices)
    responsibility = forms.CharField(label=_("Responsibility"), max_length=160, required=False)

    def __init__(self, *args, users=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if users is not None:
            self.fields["user"].queryset = users


class PreferencesForm(ModelForm):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)

    class Meta:
        model = User
        fields = ["full_name", "title", "language", "time_zone"]


class LanguageForm(Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False, max_length=2000)


class CustomerFilterForm(Form):
    """The customer list's search, filters and sort order; unknown values are ignored, never an error page."""

    SORTS = [
        ("name", _("Name A–Z")),
        ("-name", _("Name Z–A")),
        ("status", _("Status")),
        ("tier", _("Tier")),
        ("owner", _("Account owner")),
        ("-revenue", _("Revenue, highest first")),
        ("-updated", _("Recently changed")),
    ]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name, org. number, industry")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status"))])
    tier = forms.TypedChoiceField(
        label=_("Tier"), required=False, coerce=int, empty_value=None, choices=[("", _("Any tier"))]
    )
    owner = forms.TypedChoiceField(label=_("Account owner"), required=False, coerce=int, empty_value=None)
    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    industry = forms.ChoiceField(label=_("Industry"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, owners=(), teams=(), industries=(), countries=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices += list(Customer.Status.choices)
        self.fields["tier"].choices += list(Customer.Tier.choices)
        self.fields["owner"].choices = [("", _("Anyone"))] + [(u.pk, str(u)) for u in owners]
        self.fields["team"].choices = [("", _("Any team"))] + [(t.pk, str(t)) for t in teams]
        self.fields["industry"].choices = [("", _("Any industry"))] + [(i, i) for i in industries]
        self.fields["country"].choices = [("", _("Any country"))] + [(c, c) for c in countries]

    def filters(self) -> dict:
        """The valid part of the query; an invalid field is dropped and reported on the form."""
        self.is_valid()
        return {
            name: value
            for name, value in getattr(self, "cleaned_data", {}).items()
            if value not in ("", None)
        }


class CustomerUnitForm(ModelForm):
    creates = True

    class Meta:
        model = CustomerUnit
        fields = ["kind", "name", "country", "note"]
        widgets = {"country": forms.TextInput(attrs={"size": 2, "maxlength": 2})}

    def clean_country(self) -> str:
        return _clean_country(self.cleaned_data["country"])


def _clean_country(value: str) -> str:
    if not value.strip():
        return ""
    try:
        return countries.check(value)
    except ValueError as error:
        raise forms.ValidationError(str(error), code="country") from error


class PortfolioFilterForm(Form):
    """The portfolio dashboard's filters; a value outside the viewer's teams and KAMs is dropped and reported."""

    SORTS = [
        ("health", _("Health, weakest first")),
        ("revenue", _("Revenue, highest first")),
        ("name", _("Name A–Z")),
    ]

    team = forms.TypedChoiceField(label=_("Team"), required=False, coerce=int, empty_value=None)
    owner = forms.TypedChoiceField(label=_("KAM"), required=False, coerce=int, empty_value=None)
    tier = forms.TypedChoiceField(
        label=_("Tier"), required=False, coerce=int, empty_value=None, choices=[("", _("Any tier"))]
    )
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, *args, owners=(), teams=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tier"].choices += list(Customer.Tier.choices)
        self.fields["owner"].choices = [("", _("Anyone"))] + [(u.pk, str(u)) for u in owners]
        self.fields["team"].choices = [("", _("Every team"))] + [(t.pk, str(t)) for t in teams]

    def filters(self) -> dict:
        self.is_valid()
        return {k: v for k, v in getattr(self, "cleaned_data", {}).items() if v not in ("", None)}
