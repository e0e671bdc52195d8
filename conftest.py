"""Shared fixtures: the two-city world of tests/world.py, signed-in clients, and test plumbing.

- `org_world`: the org units only; `world`: the units plus one user per role key of ROLES.
- `plan_world`: the world's work plans, their tasks, reports and notice (tests/world.py).
- `client_as("school_admin")`: a test Client signed in as that world user ("anonymous": none).
- `chromium_path`: a local Chromium for browser tests, or a skip (a failure in CI).
- Tests marked `postgres` skip unless the database is PostgreSQL.
"""
import os

import pytest
from django.test import Client

from tests.plumbing import POSTGRES_MISSING, chromium_candidates, require_chromium, using_postgres
from tests.world import PlanWorld, World, build_world, plans_of


@pytest.fixture
def org_world(db) -> World:
    return build_world(with_users=False)


@pytest.fixture
def world(db) -> World:
    return build_world(with_users=True)


@pytest.fixture
def plan_world(world) -> PlanWorld:
    """The world's work plans (tests/world.py PLAN_SOURCES) with breakdown, reports and a notice."""
    return plans_of(world)


@pytest.fixture
def client_as(world):
    def make(role_key: str) -> Client:
        client = Client()
        if world.users[role_key] is not None:
            client.force_login(world.users[role_key])
        return client

    return make


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of a local Chromium; skips (or fails, with EDUBUREAU_REQUIRE_BROWSER=1) without one."""
    return require_chromium(os.environ, chromium_candidates(os.environ))


def pytest_configure(config):
    # WhiteNoise warns that STATIC_ROOT (collectstatic's output) is missing; tests do not collect static files.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") and not using_postgres():
        pytest.skip(POSTGRES_MISSING)
