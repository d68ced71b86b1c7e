from django.http import HttpRequest

from accounts import access


def navigation(request: HttpRequest) -> dict:
    """What the top navigation may show: decided by the access module, not by the template."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_portfolio": access.may_see_portfolio(user),
        "nav_admin": user.is_staff and user.is_active,
    }
