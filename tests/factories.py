import factory
from factory.django import DjangoModelFactory

from accounts.models import AccountMember, Customer, Event, Team, User


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="no_NO")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class TeamFactory(DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Team {n}")


class CustomerFactory(DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"Fjordkraft {n} AS")
    owner = factory.SubFactory(UserFactory)
    status = Customer.Status.KEY


class AccountMemberFactory(DjangoModelFactory):
    class Meta:
        model = AccountMember

    customer = factory.SubFactory(CustomerFactory)
    user = factory.SubFactory(UserFactory)
    role = AccountMember.Role.CONTRIBUTOR


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event

    customer = factory.SubFactory(CustomerFactory)
    kind = "customer.created"
    data = factory.LazyFunction(lambda: {"status": "key"})


def ship_default_criteria() -> None:
    """The selection criteria a fresh install ships with (a data migration writes them; a browser
    test's database, emptied by an earlier test, starts without them)."""
    import importlib

    from accounts.models import Criterion

    shipped = importlib.import_module("accounts.migrations.0003_default_criteria").DEFAULT_CRITERIA
    for order, spec in enumerate(shipped):
        anchors = {f"anchor_{level}": text for level, text in enumerate(spec["anchors"], start=1)}
        Criterion.objects.get_or_create(
            name=spec["name"],
            defaults={
                "description": spec["description"],
                "weight": spec["weight"],
                "axis": spec["axis"],
                "order": order,
                **anchors,
            },
        )
