"""Plain descriptions of the units and schools the demo writes; no database access here."""
from dataclasses import dataclass, field

from edubureau.orgs.models import Locality, OperatingStatus, Ownership, Stage

PROVINCE_CODE = "42"  # 湖北

# 学校标识码 sequences: the fixed schools of the catalog use 005001–005099, generated ones count
# up from GENERATED_SEQUENCE_START per type prefix, so the two never collide.
GENERATED_SEQUENCE_START = 5101

# The type prefix a generated school of each stage gets (reference/indicators.md section 9):
# 九年一贯制 is registered as 312 (初中 group), 十二年一贯制 as 345 (高中 group).
STAGE_TYPE_CODE = {
    Stage.KINDERGARTEN: "11",
    Stage.PRIMARY: "21",
    Stage.JUNIOR: "31",
    Stage.NINE_YEAR: "31",
    Stage.TWELVE_YEAR: "34",
    Stage.SENIOR: "34",
    Stage.VOCATIONAL: "36",
    Stage.SPECIAL: "51",
    Stage.OPEN_UNIVERSITY: "42",
}


def school_code(type_code: str, sequence: int) -> str:
    """A 10-digit 学校标识码 of a Hubei school: AA + 42 + 6-digit sequence."""
    return f"{type_code}{PROVINCE_CODE}{sequence:06d}"


@dataclass
class SchoolSpec:
    """The SchoolProfile fields of a school unit (school_code is the unit's code)."""

    stage: str
    ownership: str = Ownership.PUBLIC
    locality: str = Locality.URBAN
    is_puhui: bool = False
    is_boarding: bool = False
    status: str = OperatingStatus.OPEN
    address: str = ""
    principal: str = ""

    def profile_fields(self) -> dict:
        return {
            "stage": self.stage, "ownership": self.ownership, "locality": self.locality,
            "is_puhui": self.is_puhui, "is_boarding": self.is_boarding, "status": self.status,
            "address": self.address, "principal": self.principal,
        }


@dataclass
class UnitSpec:
    """One OrgUnit to upsert, keyed by `code`; its parent is named by code, not by row."""

    code: str
    name: str
    kind: str
    parent_code: str | None
    division_code: str = ""
    sort_order: int = 0
    school: SchoolSpec | None = field(default=None)
