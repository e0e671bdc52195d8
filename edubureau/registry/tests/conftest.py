import pytest

from tests.world import RegistryWorld, registry_of


@pytest.fixture
def registry_world(world) -> RegistryWorld:
    """The test world's classes, students and staff (tests/world.py REGISTRY_CLASSES and below)."""
    return registry_of(world)
