import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.world import RegistryWorld, registry_of


@pytest.fixture
def registry_world(world) -> RegistryWorld:
    return registry_of(world)


@pytest.fixture
def api_as(world):
    """api_as("school_admin"): a client that authenticates with that world user's token only."""

    def make(role_key: str) -> Client:
        user = world.users[role_key]
        if user is None:
            return Client()
        token, _ = Token.objects.get_or_create(user=user)
        return Client(HTTP_AUTHORIZATION=f"Token {token.key}")

    return make
