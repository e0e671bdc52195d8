"""Paths and small helpers shared by the parser tests."""
from pathlib import Path

import pytest

from edubureau.plans.parsing import ParsedPlan, parse_plan, read_document

PROJECT_ROOT = Path(__file__).resolve().parents[3]
SHARED_SEED = PROJECT_ROOT.parent / "shared" / "seed" / "qianjiang-2024-work-plan.txt"
DOCUMENTS = Path(__file__).resolve().parent / "documents"


def shared_seed_bytes() -> bytes:
    """The seed plan from ../shared beside the project, or a skip when that directory is absent."""
    if not SHARED_SEED.is_file():
        pytest.skip(f"共享种子文件不存在,跳过:{SHARED_SEED}(需要与项目目录并列的 shared/seed/ 目录)")
    return SHARED_SEED.read_bytes()


def parse_fixture(name: str) -> ParsedPlan:
    """Parse a document from tests/documents/ the way an upload is read."""
    path = DOCUMENTS / name
    return parse_plan(read_document(path.read_bytes(), path.name))


def titles(plan: ParsedPlan) -> list[tuple[str, str]]:
    return [(item.number, item.title) for item in plan.items]


def mentions(plan: ParsedPlan, kind: str) -> list[str]:
    return [mention.text for item in plan.items for mention in item.mentions if mention.kind == kind]


def assert_offsets_point_into(plan: ParsedPlan) -> None:
    """Every target and mention's text is exactly the source at its offsets (no hard wraps in fixtures)."""
    for item in plan.items:
        assert plan.source[item.start:item.end].strip()
        for found in [*item.targets, *item.mentions]:
            assert plan.source[found.start:found.end] == found.text
            assert item.start <= found.start < found.end <= item.end
