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
