"""The test plumbing itself: Chromium discovery (skip locally, fail in CI) and the world's invariants."""
import pytest

from tests.plumbing import CHROMIUM_MISSING, CHROMIUM_REQUIRED, find_chromium, require_chromium
from tests.world import WORLD_UNITS


@pytest.fixture
def fake_chromium(tmp_path):
    path = tmp_path / "chromium"
    path.write_text("#!/bin/sh\n")
    path.chmod(0o755)
    return str(path)


def test_find_chromium_takes_the_first_executable_candidate(fake_chromium, tmp_path):
    not_executable = tmp_path / "plain-file"
    not_executable.write_text("")
    candidates = [None, str(tmp_path / "missing"), str(not_executable), fake_chromium]
    assert find_chromium(candidates) == fake_chromium


def test_require_chromium_returns_the_path(fake_chromium):
    assert require_chromium({"EDUBUREAU_REQUIRE_BROWSER": "1"}, [fake_chromium]) == fake_chromium


def test_require_chromium_skips_without_a_browser(tmp_path):
    with pytest.raises(pytest.skip.Exception) as excinfo:
        require_chromium({}, [None, str(tmp_path / "missing")])
    assert excinfo.value.msg == CHROMIUM_MISSING


def test_require_chromium_fails_without_a_browser_when_ci_requires_it(tmp_path):
    with pytest.raises(pytest.fail.Exception) as excinfo:
        require_chromium({"EDUBUREAU_REQUIRE_BROWSER": "1"}, [str(tmp_path / "missing")])
    assert excinfo.value.msg == CHROMIUM_REQUIRED


def test_no_world_unit_name_contains_another():
    names = [name for _, _, name in WORLD_UNITS.values()]
    assert [(a, b) for a in names for b in names if a != b and a in b] == []
