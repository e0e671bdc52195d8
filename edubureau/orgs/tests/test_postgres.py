"""PostgreSQL only: subtree lookups (`path LIKE 'prefix%'`) are served by the varchar_pattern_ops index on path."""
import re

import pytest
from django.db import connection

from edubureau.orgs.models import OrgUnit

pytestmark = pytest.mark.postgres

INDEX_IN_PLAN = re.compile(r"Index (?:Only )?Scan (?:using|on) (\S+)")


@pytest.mark.parametrize("key", ["C", "D1", "A1"])
def test_subtree_lookup_uses_the_path_pattern_index(org_world, key):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # reverted when the test's transaction rolls back
    plan = OrgUnit.objects.filter(path__startswith=org_world.units[key].path).explain()
    indexes = INDEX_IN_PLAN.findall(plan)
    assert "Index" in plan
    assert [name for name in indexes if "path" in name and name.endswith("_like")] == indexes != [], plan
