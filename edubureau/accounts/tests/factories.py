"""factory_boy factories for users and memberships."""
import factory
from factory.django import DjangoModelFactory, Password

from edubureau.accounts.models import Membership, User
from edubureau.accounts.roles import Role
from edubureau.orgs.tests.factories import SchoolFactory

DEFAULT_PASSWORD = "Ceshi#Mima2024"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n:05d}")
    full_name = factory.Faker("name", locale="zh_CN")
    phone = factory.Faker("phone_number", locale="zh_CN")
    password = Password(DEFAULT_PASSWORD)
    is_active = True


class MembershipFactory(DjangoModelFactory):
    """A role at a unit; by default a school admin at a new school."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    org_unit = factory.LazyFunction(lambda: SchoolFactory().org_unit)
    role = Role.SCHOOL_ADMIN
