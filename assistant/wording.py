"""Sentences for what the assistant stores as kinds and values: patterns and notices, worded in
the active language when they are shown (never stored as finished sentences)."""

from __future__ import annotations

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.figures import format_percent
from accounts.templatetags.orchard import money
from assistant import patterns as p


def _date(value) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "–"


def pattern_title(pattern: p.Pattern) -> str:
    return {
        p.REVENUE_FALLING: _("Revenue is falling"),
        p.MARGIN_FALLING: _("Margin is falling"),
        p.SHARE_SHRINKING: _("Share of wallet is shrinking"),
        p.CHAMPION_SILENT: _("A champion has gone silent"),
        p.NO_CHAMPION: _("No champion"),
        p.PEER_WHITE_SPACE: _("White space that similar customers buy"),
        p.OVERDUE_PILING: _("Overdue actions are piling up"),
    }.get(pattern.kind, pattern.kind)


def pattern_sentence(pattern: p.Pattern) -> str:
    """The figures that triggered the pattern, in one sentence."""
    v = pattern.values
    if pattern.kind == p.REVENUE_FALLING:
        return _("Revenue %(year)s was %(revenue)s against %(previous)s the year before (%(change)s).") % {
            "year": v["year"],
            "revenue": money(v["revenue"]),
            "previous": money(v["previous"]),
            "change": format_percent(v["change"], 1, signed=True),
        }
    if pattern.kind == p.MARGIN_FALLING:
        return _("Gross margin %(year)s was %(ratio)s of revenue against %(previous)s the year before.") % {
            "year": v["year"],
            "ratio": format_percent(v["ratio"], 1),
            "previous": format_percent(v["previous"], 1),
        }
    if pattern.kind == p.SHARE_SHRINKING:
        return _(
            "We had %(share)s of their spend in our categories in %(year)s (%(spend)s), against %(previous)s the year before."
        ) % {
            "share": format_percent(v["share"], 1),
            "year": v["year"],
            "spend": money(v["their_spend"]),
            "previous": format_percent(v["previous"], 1),
        }
    if pattern.kind == p.CHAMPION_SILENT:
        if v.get("days") is None:
            return _("%(name)s is a champion and has never been contacted.") % {"name": v["name"]}
        return ngettext(
            "%(name)s is a champion and was last contacted %(days)s day ago (%(date)s).",
            "%(name)s is a champion and was last contacted %(days)s days ago (%(date)s).",
            v["days"],
        ) % {"name": v["name"], "days": v["days"], "date": _date(v.get("since"))}
    if pattern.kind == p.NO_CHAMPION:
        return _("Nobody on the stakeholder map is marked as a champion for us.")
    if pattern.kind == p.PEER_WHITE_SPACE:
        return ngettext(
            "%(buying)s of %(similar)s similar customer in the same industry buys %(offering)s from us (%(revenue)s a year together); this one does not.",
            "%(buying)s of %(similar)s similar customers in the same industry buy %(offering)s from us (%(revenue)s a year together); this one does not.",
            v["similar"],
        ) % {
            "buying": v["buying"],
            "similar": v["similar"],
            "offering": v["offering"],
            "revenue": money(v["their_revenue"]),
        }
    if pattern.kind == p.OVERDUE_PILING:
        return ngettext(
            "%(count)s of %(open)s open action is overdue; the oldest by %(days)s days.",
            "%(count)s of %(open)s open actions are overdue; the oldest by %(days)s days.",
            v["open"],
        ) % {"count": v["count"], "open": v["open"], "days": v["oldest_days"]}
    return pattern.kind


def notice_sentence(notice: dict) -> str:
    kind = notice.get("kind")
    if kind == "rule_based":
        return _(
            "Written by the rule-based assistant from this account's own data and fixed patterns; no language model was used."
        )
    if kind == "model":
        return _("Written by the language model %(model)s. Check every line before you use it.") % {
            "model": notice.get("model", "")
        }
    if kind == "empty":
        return _("There were no notes to summarise. Paste or type the notes first.")
    if kind == "too_long":
        return _(
            "The notes are too long to summarise (%(length)s characters; at most %(limit)s). Summarise them in parts."
        ) % {
            "length": formats.number_format(notice.get("length", 0), force_grouping=True),
            "limit": formats.number_format(notice.get("limit", 0), force_grouping=True),
        }
    if kind == "unknown_language":
        return _(
            "These notes do not read like English, Norwegian or Swedish, the languages the rule-based assistant understands. Nothing was proposed."
        )
    if kind == "instructions_ignored":
        return ngettext(
            "%(count)s sentence read like an order to the assistant; it was left out and nothing was done.",
            "%(count)s sentences read like orders to the assistant; they were left out and nothing was done.",
            notice.get("count", 1),
        ) % {"count": notice.get("count", 1)}
    if kind == "nothing_found":
        return _("No decisions, risks, tasks or next steps were found in these notes. Nothing was invented.")
    if kind == "truncated":
        return _("Only the first %(limit)s items are shown.") % {"limit": notice.get("limit", 0)}
    if kind == "fallback":
        reason = {
            "timeout": _("the language model did not answer in time"),
            "unreachable": _("the language model could not be reached"),
            "malformed": _("the language model's answer was not in the form asked for"),
            "instructions": _("the language model's answer tried to give orders"),
        }.get(notice.get("reason", ""), _("the language model failed"))
        return _("The rule-based assistant answered instead, because %(reason)s.") % {"reason": reason}
    return str(kind)
