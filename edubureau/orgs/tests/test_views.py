"""Query counts of the org pages are pinned and do not grow with the number of schools (no N+1)."""
import pytest
from django.urls import reverse

from edubureau.orgs.models import OrgKind
from edubureau.orgs.tests.factories import OrgUnitFactory, SchoolFactory

# Every page also reads the session and the user and saves the session (3 queries + 2 savepoints).
PAGES = [
    ("home", None, 9),
    ("orgs:tree", None, 8),
    ("orgs:school_list", None, 9),
    ("orgs:unit_detail", "C", 9),
    ("orgs:unit_detail", "D1", 10),
    ("orgs:school_detail", "A1", 9),
]


def add_schools_and_campuses(world, n: int) -> None:
    for _ in range(n):
        SchoolFactory(parent=world.units["D1"])
        OrgUnitFactory(kind=OrgKind.CAMPUS, parent=world.units["A1"])


@pytest.mark.parametrize("extra", [0, 6])
@pytest.mark.parametrize(("name", "unit_key", "queries"), PAGES)
def test_page_query_count(world, client_as, django_assert_num_queries, name, unit_key, queries, extra):
    add_schools_and_campuses(world, extra)
    url = reverse(name, args=[world.units[unit_key].pk] if unit_key else [])
    client = client_as("superuser")
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
