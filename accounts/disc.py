"""How to meet, write to and present to each DISC style (DOMAIN.md §3), in the reader's language.

DISC styles are internal to the account team: callers show this guidance only to people with
`customer.internal` on the customer (the stakeholder page does; meeting preparation must too).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Guidance:
    style: str
    name: Promise
    in_short: Promise
    meet: Promise
    write: Promise
    present: Promise
    avoid: Promise


GUIDANCE: dict[str, Guidance] = {
    "red": Guidance(
        style="red",
        name=_("Red: dominant"),
        in_short=_("Wants results and control; decides fast."),
        meet=_(
            "Be on time and get to the point: start with the result, keep it short and direct, let them steer."
        ),
        write=_(
            "Put the conclusion in the first line and one clear recommendation after it; a few bullet points."
        ),
        present=_(
            "Lead with outcomes and the bottom line; offer one recommendation, at most two options, and ask for the decision."
        ),
        avoid=_("Small talk, long background, hedging and too many details."),
    ),
    "yellow": Guidance(
        style="yellow",
        name=_("Yellow: influential"),
        in_short=_("Enthusiastic and social; thinks aloud and likes new ideas."),
        meet=_("Allow time for the personal, show enthusiasm and let them talk; let them own the ideas."),
        write=_("Friendly and lively, with an example or a short story; end with the concrete next step."),
        present=_(
            "Use stories, pictures and references; invite their ideas, then land concrete next steps: who does what, by when, confirmed in writing."
        ),
        avoid=_("Dense detail, dry lists, and leaving the next steps vague."),
    ),
    "green": Guidance(
        style="green",
        name=_("Green: steady"),
        in_short=_("Values safety, stability and good relations; decides with others."),
        meet=_("Give time and listen; explain how a change affects their people; no pressure."),
        write=_("Warm and calm; explain the why and the steps, and offer help along the way."),
        present=_(
            "Show a step-by-step plan, references and support; give them time to decide and to consult their colleagues."
        ),
        avoid=_("Surprises, pushing for a quick decision, and sudden changes of plan."),
    ),
    "blue": Guidance(
        style="blue",
        name=_("Blue: conscientious"),
        in_short=_("Wants facts, accuracy and quality; decides after analysis."),
        meet=_(
            "Send the agenda and material beforehand; be precise and punctual, and answer questions exactly."
        ),
        write=_("Structured, complete and correct: facts, numbers, sources and attachments."),
        present=_(
            "Bring facts, numbers and documentation, walk through them systematically, and say so when you need to check something."
        ),
        avoid=_("Exaggeration, vague claims, and rushing them past the details."),
    ),
}


SHORT_NAMES = {"red": _("Red"), "yellow": _("Yellow"), "green": _("Green"), "blue": _("Blue")}


def guidance_for(style: str) -> Guidance | None:
    """The advice for a style code (red, yellow, green, blue); None for unknown or empty."""
    return GUIDANCE.get(style)
