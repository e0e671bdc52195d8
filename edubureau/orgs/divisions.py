"""The township division-code table shipped as package data (see data/PROVENANCE.md)."""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).parent / "data" / "divisions_429005.csv"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    kind: str
    in_2023_data: bool
    earlier_names: str


@cache
def qianjiang_divisions() -> tuple[Division, ...]:
    """All township-level divisions of 潜江市, in code order."""
    with DATA_FILE.open(encoding="utf-8") as fh:
        rows = csv.DictReader(fh)
        return tuple(
            Division(r["code"], r["name"], r["kind"], r["in_2023_data"] == "1", r["earlier_names"]) for r in rows
        )
