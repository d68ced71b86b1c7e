"""The benchmark's URLconf: the product's URLs plus a trivial page to measure them against.

Only `manage.py bench` uses this module, through `override_settings(ROOT_URLCONF=...)`. The
product's URLconf, `kam.urls`, never includes it, so the trivial page is not reachable there.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.template import engines
from django.urls import include, path
from django.views.decorators.http import require_GET

from accounts.models import Team
from kam import urls as product_urls

# Compiled once, as the cached template loader keeps the product's templates.
BASELINE_TEMPLATE = engines["django"].from_string(
    "<!doctype html>\n<title>Orchard</title>\n<p>{{ team_name|default:'–' }}</p>\n"
)


@login_not_required
@require_GET
def baseline_view(request: HttpRequest) -> HttpResponse:
    """Exactly one SQL query and a tiny template rendered with the request's context processors."""
    team_name = Team.objects.order_by("pk").values_list("name", flat=True).first()
    return HttpResponse(BASELINE_TEMPLATE.render({"team_name": team_name}, request))


urlpatterns = [
    path("bench-baseline/", baseline_view, name="bench-baseline"),
    path("", include(product_urls)),
]

handler403 = product_urls.handler403
handler404 = product_urls.handler404
