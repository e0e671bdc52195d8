"""Work-plan (工作要点) parser: a .txt/.docx file or pasted text → sections → items → targets and mentions.

Pure Python, no database: `read_document(data, filename)` or `read_text(text)` gives the
normalised source text, `parse_plan(source)` the ParsedPlan, `plan_to_dict(plan)` its JSON form.
Every failure is a PlanParseError whose message (a constant in errors.py) is shown to the user.
"""
from pathlib import Path

from edubureau.plans.parsing.errors import PlanParseError
from edubureau.plans.parsing.nodes import (
    ParsedItem,
    ParsedMention,
    ParsedNotice,
    ParsedPlan,
    ParsedSection,
    ParsedTarget,
)
from edubureau.plans.parsing.reading import read_document, read_text
from edubureau.plans.parsing.serialize import plan_to_dict
from edubureau.plans.parsing.structure import parse_plan

# The Qianjiang 2024 plan shipped with the package (see data/PROVENANCE.md); the demo loads it.
SEED_PLAN_FILE = Path(__file__).resolve().parent.parent / "data" / "qianjiang-2024-work-plan.txt"

__all__ = [
    "SEED_PLAN_FILE", "ParsedItem", "ParsedMention", "ParsedNotice", "ParsedPlan", "ParsedSection", "ParsedTarget",
    "PlanParseError", "parse_document", "parse_plan", "plan_to_dict", "read_document", "read_text",
]


def parse_document(data: bytes, filename: str) -> ParsedPlan:
    """Read an uploaded file and parse it: the one call an upload page or command needs."""
    return parse_plan(read_document(data, filename))
