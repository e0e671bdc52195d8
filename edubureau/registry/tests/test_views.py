"""Registry pages: masked identity numbers, the audited reveal, filters that never fail, pagination,
and query counts that do not grow with the number of rows."""
import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from edubureau.accounts.models import AuditAction, AuditLog, User
from edubureau.accounts.roles import SensitivePerm
from edubureau.core.idnumbers import decrypt_id
from edubureau.registry.choices import DisabilityCategory, DisabilityLevel, StudentStatus
from edubureau.registry.forms import CLASS_NOT_OF_SCHOOL, INVALID_CHOICE, SCHOOL_NOT_IN_SCOPE
from edubureau.registry.services import AUDIT_CATEGORY_ID_NUMBER, AUDIT_CATEGORY_XUEJIHAO
from edubureau.registry.tests.factories import ClassGroupFactory, StudentFactory, TeacherFactory
from edubureau.registry.views import PER_PAGE, REVEAL_UNKNOWN
from tests.world import NO_ID_STUDENT, REGISTRY_STUDENTS, REGISTRY_TEACHERS

LIN = REGISTRY_STUDENTS["SA1"][3]  # 林晓雨 of 浩口镇中心小学 (A1)
SHEN = REGISTRY_TEACHERS["TA2"][3]  # 沈建国 of 浩口初级中学 (A2), ends in X
ALL_NUMBERS = [number for *_, number in {**REGISTRY_STUDENTS, **REGISTRY_TEACHERS}.values() if number]


def masked(number: str) -> str:
    return f"{number[:6]}********{number[-4:]}"


def granted(world, role_key: str, perm: SensitivePerm = SensitivePerm.VIEW_ID_NUMBER) -> User:
    user = world.users[role_key]
    user.user_permissions.add(Permission.objects.get(content_type__app_label="accounts", codename=perm.codename))
    return User.objects.get(pk=user.pk)


def client_for(client, user):
    client.force_login(user)
    return client


def body(response) -> str:
    return response.content.decode()


def assert_no_full_number(text: str) -> None:
    full = [n for n in ALL_NUMBERS if n in text] + [NO_ID_STUDENT["xuejihao"]] * (NO_ID_STUDENT["xuejihao"] in text)
    assert full == []


# ---- lists ------------------------------------------------------------------------------------------

def test_student_list_shows_masked_numbers_only(registry_world, client_as):
    response = client_as("school_admin").get(reverse("registry:student_list"))
    text = body(response)
    assert response.status_code == 200
    assert [s.name for s in response.context["page"]] and {s.name for s in response.context["page"]} == {
        "林晓雨", "高子轩"}
    assert masked(LIN) in text and f"G{masked(LIN)}" in text
    assert "L429005********0017" in text  # 高子轩's L 学籍号, masked too
    assert_no_full_number(text)
    assert "共 2 名学生" in text


def test_teacher_list_shows_masked_numbers_only(registry_world, client_as):
    response = client_as("district_admin").get(reverse("registry:teacher_list"))
    text = body(response)
    assert {t.name for t in response.context["page"]} == {"蒋文华", "沈建国"}
    assert masked(SHEN) == "429005********001X" and masked(SHEN) in text
    assert_no_full_number(text)


def test_class_list_shows_size_and_band(world, registry_world, client_as):
    group = ClassGroupFactory(school=world.units["A1"], grade=3, name="大班额班")
    StudentFactory.create_batch(56, class_group=group)
    StudentFactory(class_group=group, status=StudentStatus.DROPPED_OUT)
    response = client_as("school_admin").get(reverse("registry:class_list"))
    rows = {c.name: c.size for c in response.context["page"]}
    assert rows == {"1班": 2, "大班额班": 56}
    assert '<span class="tag warn">大班额</span>' in body(response)


@pytest.mark.parametrize(("url", "empty"), [
    ("registry:student_list", "没有符合条件的学生。"),
    ("registry:teacher_list", "没有符合条件的教职工。"),
    ("registry:class_list", "没有符合条件的班级。"),
])
def test_empty_states(registry_world, client_as, url, empty):
    response = client_as("norole").get(reverse(url))
    assert (response.status_code, empty in body(response)) == (200, True)


@pytest.mark.parametrize(("url", "query", "message"), [
    ("registry:student_list", "grade=xyz", "年级:" + INVALID_CHOICE % {"value": "xyz"}),
    ("registry:student_list", "status=gone", "学籍状态:" + INVALID_CHOICE % {"value": "gone"}),
    ("registry:student_list", "left_behind=maybe", "留守儿童:" + INVALID_CHOICE % {"value": "maybe"}),
    ("registry:student_list", "class_group=7", "班级:" + CLASS_NOT_OF_SCHOOL),
    ("registry:teacher_list", "post_type=x", "岗位类别:" + INVALID_CHOICE % {"value": "x"}),
    ("registry:teacher_list", "fulltime_pe=2", "专职体育教师:" + INVALID_CHOICE % {"value": "2"}),
    ("registry:class_list", "size_band=huge", "班额:" + INVALID_CHOICE % {"value": "huge"}),
    ("registry:class_list", "school_year=2099-2100", "学年:" + INVALID_CHOICE % {"value": "2099-2100"}),
    ("registry:class_list", "grade=13", "年级:" + INVALID_CHOICE % {"value": "13"}),
])
def test_bad_filters_are_ignored_with_a_message(registry_world, client_as, url, query, message):
    plain = client_as("school_admin").get(reverse(url))
    response = client_as("school_admin").get(f"{reverse(url)}?{query}&page=abc")
    assert response.status_code == 200
    assert f'<div class="error" role="alert">{message}(该条件已忽略)</div>' in body(response)
    assert list(response.context["page"]) == list(plain.context["page"])  # the bad condition is left out


@pytest.mark.parametrize("url", ["registry:student_list", "registry:teacher_list", "registry:class_list"])
def test_a_school_out_of_scope_is_refused_in_chinese(world, registry_world, client_as, url):
    response = client_as("school_admin").get(f"{reverse(url)}?school={world.units['X1'].pk}")
    assert response.status_code == 200
    assert f"学校:{SCHOOL_NOT_IN_SCOPE}(该条件已忽略)" in body(response)
    assert world.name("X1") not in body(response)


def test_over_long_search_is_ignored(registry_world, client_as):
    response = client_as("school_admin").get(reverse("registry:student_list") + "?q=" + "林" * 51)
    assert response.status_code == 200
    assert "搜索:" in body(response) and len(response.context["page"]) == 2


def test_search_by_identity_number_on_the_page(registry_world, client_as):
    response = client_as("sysadmin").get(reverse("registry:student_list"), {"q": LIN.lower()})
    assert [s.name for s in response.context["page"]] == ["林晓雨"]


def test_class_filter_offers_the_classes_of_the_chosen_school(world, registry_world, client_as):
    group = registry_world.classes["CA1"]
    url = reverse("registry:student_list")
    response = client_as("school_admin").get(url, {"school": world.units["A1"].pk, "class_group": group.pk})
    assert response.context["form"].fields["class_group"].choices == [("", "全部"), (group.pk, str(group))]
    assert {s.name for s in response.context["page"]} == {"林晓雨", "高子轩"}
    assert response.context["form"].errors == {}


def test_disability_filter_is_offered_only_with_the_permission(world, registry_world, client, client_as):
    StudentFactory(class_group=registry_world.classes["CA1"], name="随班生",
                   disability_category=DisabilityCategory.VISUAL, disability_level=DisabilityLevel.LEVEL_2)
    url = reverse("registry:student_list")
    plain = client_as("school_admin").get(url, {"disability": "1"})
    assert "disability" not in plain.context["form"].fields
    assert len(plain.context["page"]) == 3  # the parameter is ignored
    holder = client_for(client, granted(world, "school_admin", SensitivePerm.VIEW_DISABILITY))
    response = holder.get(url, {"disability": "1"})
    assert [s.name for s in response.context["page"]] == ["随班生"]


def test_pagination_keeps_the_filters(world, registry_world, client_as):
    group = registry_world.classes["CB1"]
    StudentFactory.create_batch(PER_PAGE + 1, class_group=group, status=StudentStatus.SUSPENDED)
    url = reverse("registry:student_list")
    first = client_as("inspector").get(url, {"status": "suspended"})
    assert (len(first.context["page"]), first.context["page"].paginator.num_pages) == (50, 2)
    assert 'href="?status=suspended&amp;page=2">下一页</a>' in body(first)
    assert '<a class="button" href="/registry/students/export/?status=suspended">导出Excel</a>' in body(first)
    second = client_as("inspector").get(url, {"status": "suspended", "page": "2"})
    assert len(second.context["page"]) == 1
    beyond = client_as("inspector").get(url, {"status": "suspended", "page": "999"})
    assert beyond.context["page"].number == 2  # out of range: the last page


def test_lists_answer_405_to_post(registry_world, client_as):
    for name in ("student_list", "teacher_list", "class_list", "student_export", "teacher_export", "class_export"):
        assert client_as("sysadmin").post(reverse(f"registry:{name}")).status_code == 405


def test_navigation_links(registry_world, client_as):
    text = body(client_as("school_admin").get(reverse("home")))
    assert ('<a href="/orgs/schools/">学校</a>\n    <a href="/registry/students/">学生</a>\n'
            '    <a href="/registry/teachers/">教职工</a>\n    <a href="/registry/classes/">班级</a>') in text


# ---- query counts ------------------------------------------------------------------------------------

# Every page reads the session, the user and their scope prefixes, and saves the session (3 + 2 savepoints);
# a list adds the school choices, the count and the page; the student list also the user's and group
# permissions (for the disability filter), the class list its school years.
LIST_QUERIES = {"registry:student_list": 11, "registry:teacher_list": 9, "registry:class_list": 10}


@pytest.mark.parametrize("extra", [0, 30])
@pytest.mark.parametrize("name", sorted(LIST_QUERIES))
def test_list_query_count_does_not_grow_with_rows(world, registry_world, client_as, django_assert_num_queries, name,
                                                  extra):
    for n in range(extra):
        group = ClassGroupFactory(school=world.units["A1"], grade=2, name=f"{n}班")
        StudentFactory(class_group=group)
        TeacherFactory(school=world.units["A1"])
    client = client_as("district_admin")
    with django_assert_num_queries(LIST_QUERIES[name]):
        response = client.get(reverse(name))
    assert len(response.context["page"]) == {"registry:class_list": 2, "registry:student_list": 3,
                                             "registry:teacher_list": 2}[name] + extra


@pytest.mark.parametrize("extra", [0, 30])
def test_class_detail_query_count_does_not_grow_with_students(registry_world, client_as, django_assert_num_queries,
                                                              extra):
    group = registry_world.classes["CA1"]
    StudentFactory.create_batch(extra, class_group=group)
    client = client_as("school_admin")
    with django_assert_num_queries(8):  # session, user, scope, the class, its students, session save
        response = client.get(reverse("registry:class_detail", args=[group.pk]))
    assert len(response.context["students"]) == 2 + extra


# ---- details and the audited reveal ----------------------------------------------------------------------

def student_url(registry, key: str) -> str:
    return reverse("registry:student_detail", args=[registry.students[key].pk])


def test_student_detail_is_masked_with_no_reveal_button_without_the_permission(registry_world, client_as):
    text = body(client_as("school_admin").get(student_url(registry_world, "SA1")))
    assert masked(LIN) in text and f"G{masked(LIN)}" in text
    assert_no_full_number(text)
    assert "显示完整证件号" not in text and "查看完整号码需要“查看完整身份证号”权限" in text


def test_student_detail_offers_the_reveal_to_holders(world, registry_world, client):
    text = body(client_for(client, granted(world, "school_admin")).get(student_url(registry_world, "SA1")))
    assert text.count("显示完整证件号") == 2 and 'name="field" value="xuejihao"' in text
    assert_no_full_number(text)


@pytest.mark.parametrize(("field", "shown", "category"), [
    ("id_number", LIN, AUDIT_CATEGORY_ID_NUMBER),
    ("xuejihao", f"G{LIN}", AUDIT_CATEGORY_XUEJIHAO),
])
def test_reveal_shows_one_number_and_writes_one_audit_row(world, registry_world, client, field, shown, category):
    user = granted(world, "school_admin")
    student = registry_world.students["SA1"]
    response = client_for(client, user).post(student_url(registry_world, "SA1"), {"field": field})
    text = body(response)
    assert response.status_code == 200
    assert f'<span class="id-number">{shown}</span>' in text
    assert "no-store" in response["Cache-Control"]
    other = f"G{LIN}" if field == "id_number" else LIN
    assert f'<span class="id-number">{other}</span>' not in text  # only the number asked for
    rows = list(AuditLog.objects.values_list("user", "action", "category", "object_type", "object_id"))
    assert rows == [(user.pk, AuditAction.READ, category, "registry.Student", str(student.pk))]


def test_reveal_of_a_students_xuejihao_without_identity_number(world, registry_world, client):
    client_for(client, granted(world, "school_admin"))
    response = client.post(student_url(registry_world, "SA2"), {"field": "xuejihao"})
    assert NO_ID_STUDENT["xuejihao"] in body(response)
    assert list(AuditLog.objects.values_list("category", flat=True)) == [AUDIT_CATEGORY_XUEJIHAO]
    # No identity number on record: nothing to reveal, no button, nothing audited.
    page = body(client.get(student_url(registry_world, "SA2")))
    assert "<dt>身份证号</dt><dd>无" in page and page.count("显示完整证件号") == 1
    assert body(client.post(student_url(registry_world, "SA2"), {"field": "id_number"})).count("显示完整证件号") == 1
    assert AuditLog.objects.count() == 1


@pytest.mark.parametrize(("role", "status"), [("school_admin", 403), ("sysadmin", 403), ("inspector", 404),
                                              ("norole", 404)])
def test_refused_reveal_writes_no_audit_row(registry_world, client_as, role, status):
    response = client_as(role).post(student_url(registry_world, "SA1"), {"field": "id_number"})
    assert response.status_code == status
    assert LIN not in body(response)
    assert AuditLog.objects.count() == 0
    assert ("无权访问" in body(response)) == (status == 403)


def test_reveal_out_of_scope_is_404_even_with_the_permission(world, registry_world, client):
    response = client_for(client, granted(world, "inspector")).post(student_url(registry_world, "SA1"))
    assert (response.status_code, AuditLog.objects.count()) == (404, 0)


def test_reveal_of_an_unknown_field_is_a_bad_request(world, registry_world, client):
    response = client_for(client, granted(world, "school_admin")).post(student_url(registry_world, "SA1"),
                                                                       {"field": "password"})
    assert (response.status_code, body(response), AuditLog.objects.count()) == (400, REVEAL_UNKNOWN, 0)


def test_teacher_reveal(world, registry_world, client):
    teacher = registry_world.teachers["TA2"]
    url = reverse("registry:teacher_detail", args=[teacher.pk])
    client_for(client, granted(world, "district_admin"))
    page = body(client.get(url))
    assert masked(SHEN) in page and SHEN not in page
    response = client.post(url, {"field": "id_number"})
    assert f'<span class="id-number">{SHEN}</span>' in body(response)
    assert list(AuditLog.objects.values_list("category", "object_type", "object_id")) == [
        (AUDIT_CATEGORY_ID_NUMBER, "registry.Teacher", str(teacher.pk))]


def test_teacher_detail_shows_the_record(registry_world, client_as):
    teacher = registry_world.teachers["TA1"]
    text = body(client_as("school_admin").get(reverse("registry:teacher_detail", args=[teacher.pk])))
    assert "<dt>岗位类别</dt><dd>专任教师</dd>" in text and "<dt>最高学历</dt><dd>本科</dd>" in text
    assert masked(decrypt_id(teacher.id_number_enc)) in text


def test_class_detail_lists_its_students_masked(world, registry_world, client_as):
    group = registry_world.classes["CA1"]
    response = client_as("school_admin").get(reverse("registry:class_detail", args=[group.pk]))
    text = body(response)
    assert {s.name for s in response.context["students"]} == {"林晓雨", "高子轩"}
    assert "<dt>班额(在读学生数)</dt><dd>2 人</dd>" in text and f"G{masked(LIN)}" in text
    assert_no_full_number(text)


def test_detail_pages_hide_other_scopes(registry_world, client_as):
    others = [("student_detail", registry_world.students["SB1"]), ("teacher_detail", registry_world.teachers["TB1"]),
              ("class_detail", registry_world.classes["CB1"])]
    for name, obj in others:
        response = client_as("school_admin").get(reverse(f"registry:{name}", args=[obj.pk]))
        assert response.status_code == 404
