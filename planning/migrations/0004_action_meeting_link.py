"""An action's meeting becomes a link to a real meeting instead of free text.

Each distinct text per customer ("QBR 12 March") becomes one held meeting of that customer, dated
from the text when it names a day (else the day the first action citing it was created), so no
action loses where it came from and the meetings tab shows them.
"""

import datetime
import re
import uuid
import zoneinfo

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "januar", "januari"),
            ("feb", "february", "februar", "februari"),
            ("mar", "march", "mars"),
            ("apr", "april"),
            ("may", "mai", "maj"),
            ("jun", "june", "juni"),
            ("jul", "july", "juli"),
            ("aug", "august", "augusti"),
            ("sep", "sept", "september"),
            ("oct", "okt", "october", "oktober"),
            ("nov", "november"),
            ("dec", "des", "december", "desember"),
        ],
        start=1,
    )
    for name in names
}
ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b")
DOTTED = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
WORDS = re.compile(r"\b(\d{1,2})\.?\s+([A-Za-zæøåäöÆØÅÄÖ]+)\.?(?:\s+(\d{4}))?")


def day_in(text, fallback):
    for pattern, order in ((ISO, "ymd"), (DOTTED, "dmy")):
        found = pattern.search(text)
        if found:
            parts = dict(zip(order, map(int, found.groups()), strict=True))
            try:
                return datetime.date(parts["y"], parts["m"], parts["d"])
            except ValueError:
                pass
    found = WORDS.search(text)
    if found and found.group(2).lower() in MONTHS:
        try:
            return datetime.date(
                int(found.group(3) or fallback.year), MONTHS[found.group(2).lower()], int(found.group(1))
            )
        except ValueError:
            pass
    return fallback


def kind_of(text):
    lowered = text.lower()
    if "qbr" in lowered or "strateg" in lowered or "review" in lowered:
        return "strategic"
    if "lunch" in lowered or "seminar" in lowered or "workshop" in lowered or "middag" in lowered:
        return "relationship"
    return "operational"


def link_meetings(apps, schema_editor):
    Action = apps.get_model("planning", "Action")
    Meeting = apps.get_model("meetings", "Meeting")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    made = {}
    for action in Action.objects.exclude(meeting_text="").select_related("plan").order_by("created_at", "pk"):
        text = action.meeting_text.strip()
        key = (action.plan.customer_id, text.lower())
        if key not in made:
            created = action.created_at.astimezone(zone).date()
            day = day_in(text, created)
            start = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=zone)
            made[key] = Meeting.objects.create(
                customer_id=action.plan.customer_id,
                meeting_type=kind_of(text),
                title=text[:200],
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=1),
                time_zone=settings.TIME_ZONE,
                status="held" if day <= created else "planned",
                held_on=day if day <= created else None,
                uid=f"{uuid.uuid4()}@orchard",
                created_by_id=action.owner_id,
            )
        action.meeting_id = made[key].pk
        action.save(update_fields=["meeting"])


def unlink_meetings(apps, schema_editor):
    Action = apps.get_model("planning", "Action")
    for action in Action.objects.exclude(meeting=None).select_related("meeting"):
        action.meeting_text = action.meeting.title
        action.save(update_fields=["meeting_text"])


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0003_constraint_messages"),
        ("meetings", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("action", "meeting", "meeting_text"),
        migrations.AddField(
            model_name="action",
            name="meeting",
            field=models.ForeignKey(
                blank=True,
                help_text="The meeting it came from",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="actions",
                to="meetings.meeting",
                verbose_name="meeting",
            ),
        ),
        migrations.RunPython(link_meetings, unlink_meetings),
        migrations.RemoveField("action", "meeting_text"),
    ]
