"""Organisation numbers stored one way: "906800004" and "NO 906 800 004 MVA" become "906 800 004",
Swedish ones "556677-8899". A number whose stored form another customer already holds is left as
it is (an administrator merges such customers); one that fails its check digit is kept as typed."""

from django.db import migrations

from accounts import orgnumbers


def normalise(apps, schema_editor):
    Customer = apps.get_model("accounts", "Customer")
    rows = list(Customer.objects.exclude(org_number="").values_list("pk", "org_number", "country"))
    taken = {number for _pk, number, _country in rows}
    for pk, number, country in rows:
        stored = orgnumbers.stored(number, country)
        if stored != number and stored not in taken:
            Customer.objects.filter(pk=pk).update(org_number=stored)
            taken.add(stored)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0010_next_step_text_kind")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
