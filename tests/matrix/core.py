"""Rows for the foundation's URLs: login, preferences, home, account team, jobs, portfolio."""

from tests.matrix import (
    ALL_200,
    ALL_405,
    FOREIGN_MANAGE,
    FOREIGN_VIEW,
    OWN_MANAGE,
    OWN_VIEW,
    PORTFOLIO,
    PUBLIC_405,
    PUBLIC_GET,
    Row,
    codes,
    customer_kwargs,
    job_kwargs,
    member_kwargs,
)


def _owner_data(cast, target):
    """A valid owner and team for the customer: its team, and a person put in that team."""
    target.team.members.add(cast.contributor)
    return {"team": target.team_id, "owner": cast.contributor.pk, "version": target.version}


def _hand_over_data(cast, target):
    target.team.members.add(cast.contributor)
    return {"to": cast.contributor.pk, "confirm": "on"}


ROWS: dict[str, Row] = {
    "accounts:customer-owner": Row(
        kwargs=customer_kwargs,
        get=codes("302 404 403 403 403 200 404 200"),
        post=codes("302 404 403 403 403 302 404 302"),
        foreign_get=codes("302 404 404 404 404 404 200 200"),
        foreign_post=codes("302 404 404 404 404 404 302 302"),
        data=_owner_data,
    ),
    "accounts:kam-hand-over": Row(
        kwargs=lambda cast, target: {"user_id": target.owner_id},
        get=codes("302 403 403 403 403 200 404 200"),
        post=codes("302 403 403 403 403 302 404 302"),
        foreign_get=codes("302 403 403 403 403 404 200 200"),
        foreign_post=codes("302 403 403 403 403 404 302 302"),
        data=_hand_over_data,
    ),
    "health": Row(
        get=codes("200 200 200 200 200 200 200 200"), post=codes("405 405 405 405 405 405 405 405")
    ),
    "accounts:home": Row(get=ALL_200),
    "accounts:login": Row(get=PUBLIC_GET, post=codes("400 302 302 302 302 302 302 302")),
    "accounts:logout": Row(post=codes("302 302 302 302 302 302 302 302")),
    "accounts:password-change": Row(get=ALL_200, post=codes("302 200 200 200 200 200 200 200")),
    "accounts:password-change-done": Row(get=ALL_200),
    "accounts:password-reset": Row(
        get=codes("200 200 200 200 200 200 200 200"),
        post=codes("302 302 302 302 302 302 302 302"),
        data=lambda cast, target: {"email": "nobody@example.org"},
    ),
    "accounts:password-reset-done": Row(get=codes("200 200 200 200 200 200 200 200"), post=PUBLIC_405),
    "accounts:password-reset-confirm": Row(
        kwargs=lambda cast, target: {"uidb64": "MQ", "token": "bad-token"},
        get=codes("200 200 200 200 200 200 200 200"),
        post=codes("200 200 200 200 200 200 200 200"),
    ),
    "accounts:password-reset-complete": Row(get=codes("200 200 200 200 200 200 200 200"), post=PUBLIC_405),
    "accounts:set-language": Row(
        get=PUBLIC_405,
        post=codes("302 302 302 302 302 302 302 302"),
        data=lambda cast, target: {"language": "nb"},
    ),
    "accounts:preferences": Row(get=ALL_200, post=codes("302 400 400 400 400 400 400 400")),
    "accounts:customer-create": Row(
        get=ALL_200,
        post=codes("302 302 302 302 302 302 302 302"),
        data=lambda cast, target: {"name": "Polarlys AS", "status": "prospect"},
    ),
    "accounts:customer-detail": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:customer-edit": Row(
        kwargs=customer_kwargs,
        get=OWN_MANAGE,
        post=codes("302 404 403 403 302 403 404 302"),
        foreign_get=FOREIGN_MANAGE,
        foreign_post=codes("302 404 404 404 404 404 403 302"),
        data=lambda cast, target: {"name": target.name, "status": "key", "version": target.version},
    ),
    "accounts:customer-timeline": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    "accounts:timeline-export": Row(
        kwargs=customer_kwargs, get=ALL_405, post=OWN_VIEW, foreign_get=ALL_405, foreign_post=FOREIGN_VIEW
    ),
    "accounts:member-add": Row(
        kwargs=customer_kwargs,
        get=OWN_MANAGE,
        post=codes("302 404 403 403 302 403 404 302"),
        foreign_get=FOREIGN_MANAGE,
        foreign_post=codes("302 404 404 404 404 404 403 302"),
        data=lambda cast, target: {"user": cast.outsider.pk, "role": "viewer"},
    ),
    "accounts:member-remove": Row(
        kwargs=member_kwargs,
        post=codes("302 404 403 403 302 403 404 302"),
        foreign_get=ALL_405,
        foreign_post=codes("302 404 404 404 404 404 403 302"),
    ),
    "accounts:portfolio": Row(get=PORTFOLIO),
    "accounts:portfolio-print": Row(get=PORTFOLIO),
    "accounts:portfolio-export": Row(get=PORTFOLIO),
    "accounts:customer-health": Row(
        kwargs=customer_kwargs, get=OWN_VIEW, foreign_get=FOREIGN_VIEW, foreign_post=ALL_405
    ),
    # A job belongs to the person who started it (the owner here) and to administrators.
    "accounts:job-status": Row(kwargs=job_kwargs, get=codes("302 404 404 404 200 404 404 200")),
    "accounts:job-download": Row(kwargs=job_kwargs, get=codes("302 404 404 404 200 404 404 200")),
}
