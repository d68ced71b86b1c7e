"""The login backend: Django's, reading the request's user together with what the navigation asks
of every page (whether they lead a team), so that costs no query of its own."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied

from accounts import access


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        users = access.with_leadership(get_user_model()._default_manager.all())
        try:
            user = users.get(pk=user_id)
        except ObjectDoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def authenticate(self, request, username=None, password=None, **kwargs):
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and password is not None:
            # Django's own backend, listed after this one for sessions started before it, would
            # check the same password in the same way: refuse here instead of hashing it twice.
            raise PermissionDenied
        return user
