"""The 户籍人口 import kind through the whole pipeline: validate → check → upsert by (identity hash, 学年)."""
import datetime

import pytest

from edubureau.accounts.roles import Role
from edubureau.accounts.tests.factories import MembershipFactory, UserFactory
from edubureau.core.codes import DIVISION_CODE_FORMAT, HOUSEHOLD_CODE_AREA
from edubureau.core.exceptions import ApplicationError
from edubureau.core.idnumbers import ID_BIRTH_MISMATCH, ID_FORMAT, build_id_number, id_hash
from edubureau.dropout.models import PopulationRecord
from edubureau.imports.models import ImportStatus
from edubureau.imports.services import KIND_CITY_ONLY, Upload, import_file
from edubureau.imports.tests.helpers import xlsx_bytes
from edubureau.imports.writers import POPULATION_CITY_UNKNOWN, POPULATION_OTHER_CITY

HEADER = ["身份证号", "姓名", "性别", "出生日期", "户籍地址", "乡镇(街道)区划代码", "村(社区)"]
BORN = datetime.date(2015, 3, 6)


def number(sequence: int, born: datetime.date = BORN) -> str:
    return build_id_number("429005", born, sequence)


def resident(sequence: int, *, name: str = "张三", division: str = "429005106", village: str = "红星村") -> list:
    return [number(sequence), name, "男" if sequence % 2 else "女", BORN.isoformat(), "浩口镇红星村3组", division,
            village]


def population_file(*rows) -> Upload:
    return Upload(xlsx_bytes(["户籍人口"], HEADER, *rows), "户籍人口.xlsx")


def run(world, *rows, actor="sysadmin", school_year="2024-2025"):
    return import_file(kind="population", upload=population_file(*rows), actor=world.users[actor],
                       school_year=school_year)


def test_residents_are_created_encrypted_for_the_importers_city(world):
    job = run(world, resident(1), resident(2, name="李四", village=""))
    assert (job.status, job.rows, job.created, job.updated, job.unchanged) == (ImportStatus.DONE, 2, 2, 0, 0)
    record = PopulationRecord.objects.get(name="李四")
    assert (record.school_year, record.city_id, record.sex, record.birth_date) == (
        "2024-2025", world.units["C"].id, "F", BORN)
    assert (record.division_code, record.village, record.household_address) == ("429005106", "", "浩口镇红星村3组")
    assert record.id_number_hash == id_hash(number(2))
    assert record.decrypt_id_number() == number(2)


def test_reimport_changes_nothing_and_a_change_updates_in_place(world):
    run(world, resident(1), resident(2))
    before = list(PopulationRecord.objects.order_by("id").values_list("id", "updated_at", "id_number_enc"))
    job = run(world, resident(1), resident(2))
    assert (job.created, job.updated, job.unchanged) == (0, 0, 2)
    assert list(PopulationRecord.objects.order_by("id").values_list("id", "updated_at", "id_number_enc")) == before
    job = run(world, resident(1, name="张叁"), resident(2))
    assert (job.created, job.updated, job.unchanged) == (0, 1, 1)
    assert PopulationRecord.objects.get(id_number_hash=id_hash(number(1))).name == "张叁"


def test_the_same_person_in_another_school_year_is_another_record(world):
    run(world, resident(1))
    job = run(world, resident(1), school_year="2025-2026")
    assert job.created == 1
    assert sorted(PopulationRecord.objects.values_list("school_year", flat=True)) == ["2024-2025", "2025-2026"]


def swapped(text: str, position: int) -> str:
    return text[:position] + text[position + 1] + text[position] + text[position + 2:]


def test_a_number_failing_only_its_check_digit_is_kept_and_marked(world):
    typo = swapped(number(1), 15)  # sequence "001" typed "010": the check digit no longer fits
    assert typo != number(1)
    row = resident(1)
    row[0] = typo
    job = run(world, row, resident(3))
    assert (job.status, job.created) == (ImportStatus.DONE, 2)
    assert sorted(PopulationRecord.objects.values_list("name", "id_checksum_ok")) == [("张三", False), ("张三", True)]
    record = PopulationRecord.objects.get(id_checksum_ok=False)
    assert (record.id_number_hash, record.decrypt_id_number()) == (id_hash(typo), typo)


def test_bad_rows_are_all_reported_and_nothing_is_written(world):
    short = resident(1)
    short[0] = short[0][:17]
    wrong_birth = resident(3)
    wrong_birth[3] = "2015-03-07"
    job = run(world, resident(5), short, wrong_birth, resident(7, division="42900510"),
              resident(9, division="999999106"))
    assert job.status == ImportStatus.INVALID
    assert job.errors == [
        [4, "身份证号", short[0], ID_FORMAT],
        [5, "出生日期", "2015-03-07", ID_BIRTH_MISMATCH.format(birth="2015-03-06")],
        [6, "乡镇(街道)区划代码", "42900510", DIVISION_CODE_FORMAT],
        [7, "乡镇(街道)区划代码", "999999106", HOUSEHOLD_CODE_AREA.format(code="999999")],
    ]
    assert PopulationRecord.objects.count() == 0


def test_only_city_wide_staff_may_import_it(world):
    with pytest.raises(ApplicationError) as info:
        run(world, resident(1), actor="school_admin")
    assert info.value.message == KIND_CITY_ONLY.format(label="户籍人口") == "户籍人口只能由市局系统管理员导入"
    assert PopulationRecord.objects.count() == 0


def test_a_user_of_several_cities_cannot_say_which_city(world):
    job = run(world, resident(1), actor="superuser")
    assert (job.status, job.message) == (ImportStatus.INVALID, POPULATION_CITY_UNKNOWN)
    assert PopulationRecord.objects.count() == 0


def test_a_resident_of_another_city_is_refused(world):
    run(world, resident(1))
    other = UserFactory(username="xiantao_admin")
    MembershipFactory(user=other, org_unit=world.units["X"], role=Role.SYSADMIN)
    world.users["xiantao_admin"] = other
    job = run(world, resident(1), resident(3), actor="xiantao_admin")
    assert job.status == ImportStatus.INVALID
    assert job.errors == [[3, "身份证号", number(1), POPULATION_OTHER_CITY.format(name=world.name("C"))]]
    assert PopulationRecord.objects.count() == 1
