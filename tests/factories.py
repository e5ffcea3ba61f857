"""factory_boy factories for Guru's models, shared by all tests."""

import factory
from django.contrib.auth.models import Group

from guru.accounts.models import Department, Unit, User
from guru.accounts.roles import Role


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AVD{n}")
    name = factory.Sequence(lambda n: f"Avdelning {n}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    department = factory.SubFactory(DepartmentFactory)
    code = factory.Sequence(lambda n: f"ENH{n}")
    name = factory.Sequence(lambda n: f"Enhet {n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A user in a unit; ``roles=[Role.REDAKTOR]`` puts them in those groups."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"anvandare{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda user: f"{user.username}@guru.example.se")
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("losenord-for-test")

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs) -> None:
        if create and extracted:
            self.groups.set(Group.objects.filter(name__in=[r.value for r in extracted]))
