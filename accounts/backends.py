"""The login backend: Django's, reading the request's user together with what the navigation asks
of every page (whether they lead a team), so that costs no query of its own.

Every request of a logged-in user loads them, so the query is built by the ORM once per database
and then run as raw SQL with the user's id: building it was most of the cost of loading the user.
"""

from __future__ import annotations

from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import router

from accounts import access

# An id no user has, marking where the user's id goes among the compiled query's parameters.
_MARKER = 987654301


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        users = get_user_model()._default_manager
        compiled = _user_query(router.db_for_read(users.model))
        if compiled is None or not isinstance(user_id, int):
            try:
                user = access.with_leadership(users.all()).get(pk=user_id)
            except ObjectDoesNotExist:
                return None
        else:
            sql, params, at = compiled
            found = list(users.raw(sql, [*params[:at], user_id, *params[at + 1 :]]))
            if not found:
                return None
            user = found[0]
        return user if self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            # Django's own backend, listed after this one for sessions started before it, would
            # check the same password in the same way: refuse here instead of hashing it twice.
            raise PermissionDenied
        return user


@lru_cache(maxsize=8)
def _user_query(alias: str) -> tuple[str, tuple, int] | None:
    """The SQL of one user with the leadership flag, its parameters, and where the id goes in them
    (None if the marker is not exactly one parameter: then the ORM runs the query each time)."""
    users = access.with_leadership(get_user_model()._default_manager.order_by()).filter(pk=_MARKER)
    sql, params = users.query.get_compiler(using=alias).as_sql()
    places = [n for n, value in enumerate(params) if value == _MARKER]
    if len(places) != 1:
        return None
    return sql, tuple(params), places[0]
