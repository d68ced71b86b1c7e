"""Every sentence Orchard writes by itself reads in the viewer's language, with every value filled in.

The timeline kinds are found in the code itself (every `event_record(kind=…)` call and the values it
records), so a new kind, or a sentence that names a value its call does not record, fails here.
"""

import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from accounts import gaps, generated, notify, timeline
from accounts.models import Criterion, NextStep

APPS = ("accounts", "planning", "risk", "meetings", "assistant")
# f-string kinds: what the placeholder takes.
EXPANSIONS = {"f'next_step.{status}'": ("next_step.done", "next_step.dismissed")}
# A realistic stored value per parameter name; anything else gets a name-like text.
SAMPLES = {
    "status": "key",
    "old": "candidate",
    "new": "key",
    "role": "contributor",
    "fields": ["name", "industry"],
    "plan_fields": ["summary", "status"],
    "stakeholder_fields": ["title"],
    "strength": 3,
    "old_strength": 1,
    "new_strength": 3,
    "attitude": "supporter",
    "interaction_kind": "meeting",
    "step_kind": "inform",
    "decision_kind": "make_key",
    "unit_kind": "country",
    "profile_section": "goals",
    "criterion": "Revenue",
    "next_due": "2026-12-03",
    "period": 2026,
    "count": 2,
    "carried": 2,
}


def _recorded_kinds() -> dict[str, set[str]]:
    """kind → the value names its `event_record` calls store."""
    found: dict[str, set[str]] = {}
    for app in APPS:
        for path in Path(settings.BASE_DIR, app).rglob("*.py"):
            for function in ast.walk(ast.parse(path.read_text())):
                if isinstance(function, ast.FunctionDef):
                    _calls_in(function, found)
    return found


def _calls_in(function: ast.FunctionDef, found: dict[str, set[str]]) -> None:
    assigned = {
        target.id: node.value
        for node in ast.walk(function)
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(function):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "event_record"):
            continue
        if function.name == "event_record":
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        names = set(keywords) - {"customer", "kind", "by", None}
        for spread in (k.value for k in node.keywords if k.arg is None):  # **names: a dict built above
            built = assigned.get(getattr(spread, "id", ""))
            names |= {key.value for key in getattr(built, "keys", []) if isinstance(key, ast.Constant)}
        for code in _codes(keywords["kind"], assigned):
            found.setdefault(code, set()).update(names)


def _codes(node: ast.expr, assigned: dict) -> tuple[str, ...]:
    if isinstance(node, ast.Constant):
        return (node.value,)
    if isinstance(node, ast.IfExp):
        return _codes(node.body, assigned) + _codes(node.orelse, assigned)
    if isinstance(node, ast.Name) and node.id in assigned:
        return _codes(assigned[node.id], assigned)
    return EXPANSIONS[ast.unparse(node)]


RECORDED = _recorded_kinds()


def _sample(names) -> dict:
    return {name: SAMPLES.get(name, "Zyx Corp") for name in names}


def test_the_code_records_timeline_kinds():
    assert "plan.updated" in RECORDED and "next_step.done" in RECORDED and len(RECORDED) > 30


@pytest.mark.parametrize("kind", sorted(RECORDED))
def test_every_recorded_kind_has_a_sentence_that_uses_only_what_is_recorded(kind):
    data = _sample(RECORDED[kind])
    sentence = timeline.describe(kind, data)
    assert sentence != kind, f"{kind} has no sentence"
    assert "%(" not in sentence, f"{kind}: {sentence}"
    named = set(re.findall(r"%\((\w+)\)", str(timeline._SENTENCES[kind])))
    assert named <= RECORDED[kind], f"{kind} names {named - RECORDED[kind]}, which its events do not record"


@pytest.mark.parametrize("language", ["nb", "sv"])
@pytest.mark.parametrize("kind", sorted(RECORDED))
def test_every_recorded_kind_reads_in_norwegian_and_swedish(kind, language):
    data = _sample(RECORDED[kind])
    english = timeline.describe(kind, data)
    with translation.override(language):
        shown = timeline.describe(kind, data)
    assert "%(" not in shown
    assert shown != english, f"{kind} is English under {language}: {shown}"


def test_a_plan_edit_names_the_fields_in_the_readers_language():
    data = {"period": 2026, "plan_fields": ["summary", "status"]}
    assert timeline.describe("plan.updated", data) == "changed summary, status on the account plan for 2026"
    with translation.override("nb"):
        shown = timeline.describe("plan.updated", data)
    assert "2026" in shown and "%(" not in shown and "summary" not in shown


def test_a_value_an_old_event_lacks_never_shows_a_placeholder():
    assert "%(" not in timeline.describe("plan.updated", {"period": 2026})


def test_stored_dates_in_sentences_follow_the_readers_format():
    with translation.override("nb"):
        shown = timeline.describe("plan.reviewed", {"period": 2026, "next_due": "2027-03-01"})
    assert "2027-03-01" not in shown and "2027" in shown


def _generated_params(count: int) -> dict:
    """Every value a generated sentence may name (extra ones are ignored)."""
    names = {name: "Zyx Corp" for name in ("name", "user", "next", "role", "customer", "leader", "scenario")}
    return (
        names
        | {"group": "function:top", "strength": 1, "target": 3, "percent": "-20"}
        | dict.fromkeys(("count", "days", "influence"), count)
    )


@pytest.mark.parametrize("count", [1, 5])
@pytest.mark.parametrize("language", ["en", "nb", "sv"])
@pytest.mark.parametrize("code", sorted(generated.kinds()))
def test_every_generated_text_reads_in_every_language(code, language, count):
    params = _generated_params(count)
    english = generated.render(code, params, fallback="FALLBACK")
    with translation.override(language):
        shown = generated.render(code, params, fallback="FALLBACK")
    assert shown != "FALLBACK" and "%(" not in shown and shown.strip()
    if language != "en":
        assert shown != english, f"{code} is English under {language}: {shown}"
        # Codes are worded too: no English "top management" or "weak" in a Norwegian sentence.
        for word in ("top management", " weak", " strong "):
            assert word not in shown, f"{code}: {shown}"


def test_generated_kinds_cover_the_gap_engine():
    assert {"gap.stale", "gap.not_informed", "gap.below_target", "gap.nobody_in_function"} <= set(
        generated.kinds()
    )


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_a_stored_step_is_worded_for_each_reader(db, customer, language):
    with translation.override("nb"):  # the KAM who stored it reads Norwegian
        gap = gaps.Gap(
            "stale", "stale:1", 2, "plan_meeting", gaps.STALE, {"name": "Kari Nordmann", "days": 1}
        )
        step = NextStep.objects.create(
            customer=customer,
            gap_key=gap.key,
            kind=gap.step,
            text=gap.text,
            text_kind=gap.text_kind,
            text_params=dict(gap.params),
        )
    step.refresh_from_db()
    english = step.display_text
    assert english == "Kari Nordmann is a key person and has not been contacted for 1 day."
    with translation.override(language):
        assert step.display_text != english and "Kari Nordmann" in step.display_text


def test_a_step_typed_by_a_person_shows_as_typed(db, customer):
    step = NextStep.objects.create(customer=customer, gap_key="manual", kind="plan_meeting", text="Ring Kari")
    with translation.override("sv"):
        assert step.display_text == "Ring Kari"


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_every_built_in_default_is_translated(language):
    catalogue = trans_real.translation(language)._catalog
    untranslated = [text for text in generated.BUILTIN_TEXTS if not catalogue.get(text)]
    assert untranslated == []


def test_the_built_in_texts_are_exactly_the_seeded_criteria(db):
    seeded = set()
    for criterion in Criterion.objects.all():
        seeded |= {
            criterion.name,
            criterion.description,
            *(getattr(criterion, f"anchor_{i}") for i in range(1, 6)),
        }
    assert seeded and seeded <= generated.BUILTIN_TEXTS


@pytest.mark.parametrize("language", ["nb", "sv"])
def test_seeded_criteria_show_in_the_readers_language_until_someone_rewrites_them(db, language):
    revenue = Criterion.objects.get(name="Revenue")
    with translation.override(language):
        assert revenue.label != "Revenue" and str(revenue) == revenue.label
        assert all(text and not text.startswith("Among our smallest") for _level, text in revenue.anchors[:1])
    revenue.name = "Omsetning hos oss"
    with translation.override(language):
        assert revenue.label == "Omsetning hos oss"


@pytest.mark.parametrize(
    "language, word, button",
    [("nb", "Endring", "Åpne"), ("sv", "Förändring", "Öppna")],
)
def test_button_and_column_words_are_the_verbs_and_nouns_meant(language, word, button):
    with translation.override(language):
        assert translation.pgettext("difference", "Change") == word
        assert translation.pgettext("button", "Open") == button


NOTICE_VALUES = {
    "owner.assigned": lambda n: {
        "by": "Lars Haugen",
        "count": n,
        "names": [f"Zyx Corp {i}" for i in range(n)],
        "urls": [f"/customers/{i}/" for i in range(n)],
    },
    "step.proposed": lambda n: {
        "by": "Lars Haugen",
        "customer": "Zyx Corp",
        "text_kind": "gap.stale",
        "text_params": {"name": "Kari", "days": n},
        "text": "stored",
        "url": "/customers/1/stakeholders/gaps/",
    },
}


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("language", ["nb", "sv"])
@pytest.mark.parametrize("kind", sorted(notify.NOTICES))
def test_every_notice_reads_in_the_recipients_language(kind, language, count):
    values = NOTICE_VALUES[kind](count)
    english = notify.render_notice(kind, values)
    with translation.override(language):
        subject, body = notify.render_notice(kind, values)
    assert "%(" not in subject + body
    assert subject != english[0] and body.splitlines()[0] != english[1].splitlines()[0]
