"""The form renderer writes the commonest widgets in Python: its HTML must be Django's, byte for byte."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from kam.renderers import FormRenderer

ATTRS = {"class": "wide", "required": True, "disabled": False, "data-x": 'a"b<c>&', "aria-describedby": "h"}

WIDGETS = [
    (forms.TextInput(attrs=ATTRS), 'Ærlig <b>kunde</b> & "co"'),
    (forms.TextInput(), None),
    (forms.TextInput(), mark_safe("<i>safe</i>")),
    (forms.TextInput(attrs={"placeholder": gettext_lazy("Search")}), ""),
    (forms.HiddenInput(), 42),
    (forms.NumberInput(attrs={"min": 0, "step": "0.01"}), "1 234,50"),
    (forms.EmailInput(), "a@example.com"),
    (forms.PasswordInput(render_value=True), "secret"),
    (forms.URLInput(), "https://example.com/?a=1&b=2"),
    (forms.DateInput(), datetime.date(2026, 12, 3)),
    (forms.DateTimeInput(), datetime.datetime(2026, 12, 3, 9, 30)),
    (forms.TimeInput(), datetime.time(9, 30)),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.Textarea(attrs={"rows": 3}), "line one\nline <two> & three"),
    (forms.Textarea(), ""),
    (forms.Textarea(), None),
    (forms.Select(choices=[("", "Anyone"), (1, "Åse <Ø>"), (2, 'Bo "B"')], attrs=ATTRS), 2),
    (
        forms.Select(choices=[("", "—"), ("Nordic", [("no", "Norway"), ("se", "Sweden")]), ("x", "Other")]),
        "se",
    ),
    (forms.Select(choices=[]), None),
    (forms.SelectMultiple(choices=[(1, "one"), (2, "two"), (3, "three")]), [1, 3]),
    (forms.NullBooleanSelect(), True),
]


@pytest.mark.parametrize(
    ("widget", "value"), WIDGETS, ids=[f"{type(w).__name__}-{i}" for i, (w, _v) in enumerate(WIDGETS)]
)
def test_same_html_as_djangos_templates(widget, value):
    fast = widget.render("field", value, attrs={"id": "id_field"}, renderer=FormRenderer())
    slow = widget.render("field", value, attrs={"id": "id_field"}, renderer=DjangoTemplates())
    assert fast == slow


def test_a_changed_option_template_goes_through_the_template():
    class Marked(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    widget = Marked(choices=[(1, "one")])
    assert widget.render("f", 1, renderer=FormRenderer()) == widget.render("f", 1, renderer=DjangoTemplates())


def test_whole_forms_render_the_same():
    class Sample(forms.Form):
        name = forms.CharField(label="Navn", help_text="<b>help</b>")
        owner = forms.TypedChoiceField(choices=[("", "Anyone"), (1, "Kari")], coerce=int, required=False)
        notes = forms.CharField(widget=forms.Textarea, required=False)
        agree = forms.BooleanField(required=False)
        radio = forms.ChoiceField(widget=forms.RadioSelect, choices=[("a", "A"), ("b", "B")], required=False)

    bound = Sample({"name": "", "owner": "1", "notes": "x < y"})
    assert bound.as_div() != ""
    fast, slow = Sample(bound.data, renderer=FormRenderer()), Sample(bound.data, renderer=DjangoTemplates())
    assert fast.as_div() == slow.as_div()
    assert fast.as_p() == slow.as_p()


def test_the_project_uses_it(settings):
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), FormRenderer)
