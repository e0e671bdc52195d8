"""factory_boy factories for the org tree.

Paths and levels are derived with orgs.services.build_path, exactly as the services do,
and a school's org-unit code is always its 学校标识码 (SchoolProfile.school_code).
"""
import factory
from factory.django import DjangoModelFactory

from edubureau.orgs.models import Locality, OrgKind, OrgUnit, Ownership, SchoolProfile, Stage
from edubureau.orgs.services import build_path

HUBEI = "42"

# The 学校标识码 type prefix each stage gets by default (see orgs.models.STAGE_SCHOOL_TYPES).
STAGE_TYPE_PREFIX = {
    Stage.KINDERGARTEN: "11",
    Stage.PRIMARY: "21",
    Stage.JUNIOR: "31",
    Stage.NINE_YEAR: "21",
    Stage.TWELVE_YEAR: "34",
    Stage.SENIOR: "34",
    Stage.VOCATIONAL: "36",
    Stage.SPECIAL: "51",
    Stage.OPEN_UNIVERSITY: "42",
}


class OrgUnitFactory(DjangoModelFactory):
    """Any unit; pass `parent` and `kind`. Names are zero-padded so none contains another."""

    class Meta:
        model = OrgUnit

    code = factory.Sequence(lambda n: f"U{n:05d}")
    name = factory.Sequence(lambda n: f"测试单位{n:05d}")
    kind = OrgKind.BUREAU_UNIT
    parent = None
    path = factory.LazyAttribute(lambda o: build_path(o.parent, o.code)[0])
    level = factory.LazyAttribute(lambda o: build_path(o.parent, o.code)[1])
    division_code = ""


class CityFactory(OrgUnitFactory):
    code = factory.Sequence(lambda n: f"C{n:05d}")
    name = factory.Sequence(lambda n: f"测试市{n:05d}教育局")
    kind = OrgKind.CITY


class DistrictFactory(OrgUnitFactory):
    code = factory.Sequence(lambda n: f"D{n:05d}")
    name = factory.Sequence(lambda n: f"测试学区{n:05d}")
    kind = OrgKind.DISTRICT
    parent = factory.SubFactory(CityFactory)
    # 9-digit township code: 429005 (潜江市) + a 3-digit township number.
    division_code = factory.Sequence(lambda n: f"429005{n % 1000:03d}")


class SchoolFactory(DjangoModelFactory):
    """A SchoolProfile and its OrgUnit (kind school) whose code is the profile's school_code.

    `parent` and `name` describe the org unit: SchoolFactory(parent=district, name="…").
    """

    class Meta:
        model = SchoolProfile

    class Params:
        parent = factory.SubFactory(DistrictFactory)
        name = factory.Sequence(lambda n: f"测试学校{n:05d}")

    stage = Stage.PRIMARY
    school_code = factory.LazyAttributeSequence(lambda o, n: f"{STAGE_TYPE_PREFIX[o.stage]}{HUBEI}{n:06d}")
    ownership = Ownership.PUBLIC
    locality = Locality.URBAN
    org_unit = factory.SubFactory(
        OrgUnitFactory,
        kind=OrgKind.SCHOOL,
        code=factory.SelfAttribute("..school_code"),
        name=factory.SelfAttribute("..name"),
        parent=factory.SelfAttribute("..parent"),
    )
