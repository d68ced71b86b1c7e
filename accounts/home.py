"""What feature apps add to the home page, without the core importing them.

A feature registers an annotator from its app's `ready()`; the home view calls every annotator
with the customers it is about to show. Each annotator must cost a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from accounts.models import Customer

CustomerAnnotator = Callable[[list[Customer]], None]

_ANNOTATORS: list[CustomerAnnotator] = []

# Above this many owned customers the home page lists only key accounts and candidates.
HOME_LIST_LIMIT = 12


def register_customer_annotator(annotator: CustomerAnnotator) -> CustomerAnnotator:
    _ANNOTATORS.append(annotator)
    return annotator


def annotate_customers(customers: list[Customer]) -> None:
    for annotator in _ANNOTATORS:
        annotator(customers)


def focus(owned: list[Customer]) -> tuple[list[Customer], int]:
    """The owned customers to list on the home page, and how many more there are.

    A short book is shown whole; a long one shows the orchard itself (key accounts and candidates).
    """
    if len(owned) <= HOME_LIST_LIMIT:
        return owned, 0
    shown = [c for c in owned if c.status in {Customer.Status.KEY, Customer.Status.CANDIDATE}]
    shown = shown or owned[:HOME_LIST_LIMIT]
    return shown, len(owned) - len(shown)


# Reminders an app puts on the home page: notice(user, today) → [(sentence, link)], a fixed number of queries.
Notice = Callable[..., list[tuple[str, str]]]
_NOTICES: list[Notice] = []


def register_notice(notice: Notice) -> Notice:
    _NOTICES.append(notice)
    return notice


def notices(user, today) -> list[tuple[str, str]]:
    return [line for notice in _NOTICES for line in notice(user, today)]


@dataclass(frozen=True)
class AttentionLine:
    """One line of "Needs attention": a sentence, where it leads, how many alike items it stands
    for, and (for a group) the customers concerned."""

    text: str
    url: str
    count: int = 1
    customers: tuple[str, ...] = ()


# The app that keeps reminders feeds "Needs attention": attention(user, today) → [AttentionLine],
# a fixed number of queries. Without one, the home page lists the open next steps itself.
_ATTENTION: list[Callable[..., list[AttentionLine]]] = []


def register_attention(provider: Callable[..., list[AttentionLine]]) -> None:
    _ATTENTION[:] = [provider]


def attention(user, today) -> list[AttentionLine] | None:
    return _ATTENTION[0](user, today) if _ATTENTION else None
