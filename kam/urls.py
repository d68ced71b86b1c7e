"""URL wiring only; every page lives in its app."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import core as accounts_views

admin.site.site_header = _("Orchard administration")
admin.site.site_title = _("Orchard")
admin.site.index_title = _("Users, teams, customers and settings")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", accounts_views.health_view, name="health"),
    path("", include("accounts.urls")),
    path("", include("risk.urls")),
    path("", include("planning.urls")),
    path("", include("meetings.urls")),
    path("", include("assistant.urls")),
]

handler403 = "accounts.views.core.permission_denied_view"
handler404 = "accounts.views.core.not_found_view"
