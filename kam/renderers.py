"""The form renderer: Django's own, with the commonest widgets written out in Python.

Django renders every widget through a template, and every `<option>` of a select through its
own template include. A filter form with a hundred owners and industries took longer to render
than the list under it. `FormRenderer` builds `<input>`, `<textarea>` and `<select>` (with
their options) directly, producing exactly what Django's templates produce; any other widget,
and any widget whose option template was changed, goes through the templates as before.
`tests/test_renderer.py` compares the two outputs.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

_WIDGETS = "django/forms/widgets/"
# Widgets whose template is exactly an include of input.html.
_INPUTS = frozenset(
    _WIDGETS + name + ".html"
    for name in (
        "input",
        "text",
        "hidden",
        "checkbox",
        "email",
        "number",
        "password",
        "url",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
    )
)
_SELECT = _WIDGETS + "select.html"
_OPTION = _WIDGETS + "select_option.html"
_TEXTAREA = _WIDGETS + "textarea.html"


def _text(value) -> str:
    """What `{{ value|stringformat:'s' }}` writes: safe text as it is, anything else escaped."""
    if isinstance(value, SafeString):
        return value
    return conditional_escape(str(value))


def _attrs(attrs) -> str:
    """What django/forms/widgets/attrs.html writes."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            out.append(" " + conditional_escape(name))
        else:
            out.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(out)


def _input(widget) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget) -> str:
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return (
        f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'
    )


def _select(widget) -> str | None:
    out = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION:
                return None
            out.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"  # the option template's last line break
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None:
            html = None
            if template_name in _INPUTS:
                html = _input(widget)
            elif template_name == _TEXTAREA:
                html = _textarea(widget)
            elif template_name == _SELECT:
                html = _select(widget)
            if html is not None:
                return mark_safe(html)  # noqa: S308 - every value above was escaped or already safe
        return super().render(template_name, context, request)
