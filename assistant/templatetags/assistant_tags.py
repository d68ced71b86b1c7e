"""Filters that word the assistant's stored kinds and values in the active language."""

from __future__ import annotations

from django import template

from assistant import wording

register = template.Library()


@register.filter
def pattern_title(pattern) -> str:
    return wording.pattern_title(pattern)


@register.filter
def pattern_sentence(pattern) -> str:
    return wording.pattern_sentence(pattern)


@register.filter
def notice_sentence(notice: dict) -> str:
    return wording.notice_sentence(notice)
