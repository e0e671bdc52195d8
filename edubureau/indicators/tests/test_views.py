"""Indicator pages: what the dashboard and the drill-down show, bad input, exports, the home summary, and
the number of queries a page costs (the same for 3 indicators at 8 units as for 33 at 300).

Values: tests/permission_indicators.py over the test world (see test_selectors.py).
"""
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from edubureau.indicators.definitions import REGISTRY
from edubureau.indicators.exports import XLSX
from edubureau.indicators.forms import PERIOD_UNKNOWN
from edubureau.indicators.models import Comparator, Indicator, IndicatorValue
from edubureau.indicators.views import NO_SCOPE, NOTHING_COMPUTED
from edubureau.orgs.models import OrgKind
from edubureau.orgs.tests.factories import SchoolFactory
from edubureau.registry.choices import Grade
from edubureau.registry.tests.factories import ClassGroupFactory, StudentFactory
from tests.permission_indicators import CLASS_SIZE, DUAL, EARLIER, EXTRA, PERIOD, build_indicator_values
from tests.world import plans_of

DASHBOARD = reverse("indicators:dashboard")


@pytest.fixture
def indicators(world) -> dict[str, Indicator]:
    return build_indicator_values(world)


def detail_url(code: str = CLASS_SIZE, **params) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("indicators:detail", args=[code]) + (f"?{query}" if query else "")


def text_of(response) -> str:
    return response.content.decode()


def sheet_rows(response) -> list[tuple]:
    assert response["Content-Type"] == XLSX
    return list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))


# ---- the dashboard --------------------------------------------------------------------------------

def test_the_dashboard_groups_indicators_by_section_with_values_targets_lights_and_trends(world, indicators,
                                                                                           client_as):
    response = client_as("leader").get(DASHBOARD)
    page = text_of(response)
    assert response.status_code == 200
    assert [h2 for h2 in page.split("<h2>")[1:]][0].startswith(REGISTRY[CLASS_SIZE].section)
    assert page.count('class="sparkline"') == 3
    assert "停用的测试指标" not in page
    assert "待核实" in page.split(indicators[DUAL].name)[1].split("</tr>")[0]  # the 双师型 target is unverified
    assert "待核实" not in page.split(indicators[CLASS_SIZE].name)[1].split("</tr>")[0]
    row = page.split(f'{detail_url(unit=world.units["C"].pk)}&amp;period={PERIOD}">')[1].split("</tr>")[0]
    assert '<td class="num">25%</td>' in row and "≤ 0%" in row and "未达标" in row and "第23条" in row
    charts = json.loads(page.split('<script id="indicator-charts" type="application/json">')[1].split("</script>")[0])
    assert charts == {
        CLASS_SIZE: {"periods": [EARLIER, PERIOD], "values": [50.0, 25.0], "unit": "%", "target": 0.0},
        DUAL: {"periods": [PERIOD], "values": [55.0], "unit": "%", "target": 60.0},
        EXTRA: {"periods": [PERIOD], "values": [None], "unit": "%", "target": 90.0},
    }
    assert '<script src="/static/vendor/echarts/echarts.min.js"></script>' in page
    assert "全市学校排名" not in page  # ranks are for schools


def test_a_school_admin_sees_its_rank_and_no_other_school(world, indicators, client_as):
    page = text_of(client_as("school_admin").get(DASHBOARD))
    assert "全市学校排名" in page and "第 3 / 3 名" in page
    assert world.keys_named_in(page) == {"A1"}


def test_the_period_picker_offers_the_school_years_with_values(world, indicators, client_as):
    response = client_as("leader").get(DASHBOARD, {"period": EARLIER})
    assert response.context["period"] == EARLIER
    page = text_of(response)
    assert f'<option value="{PERIOD}">{PERIOD}学年</option>' in page
    assert f'<option value="{EARLIER}" selected>{EARLIER}学年</option>' in page
    assert '<td class="num">50%</td>' in page


@pytest.mark.parametrize("period", ["abc", "2019-2020", "2024-2025'--", "x" * 500])
def test_an_unknown_period_falls_back_to_the_latest(world, indicators, client_as, period):
    response = client_as("leader").get(DASHBOARD, {"period": period})
    assert (response.status_code, response.context["period"]) == (200, PERIOD)
    assert PERIOD_UNKNOWN in text_of(response)
    detail = client_as("leader").get(detail_url(period=period))
    assert (detail.status_code, detail.context["detail"].period) == (200, PERIOD)


@pytest.mark.parametrize("unit", ["abc", "-1", "1.5", "9" * 30, "999999"])
@pytest.mark.parametrize("name", ["indicators:dashboard", "indicators:dashboard_export"])
def test_a_bad_or_unknown_unit_is_not_found(world, indicators, client_as, name, unit):
    assert client_as("leader").get(reverse(name), {"unit": unit}).status_code == 404
    assert client_as("leader").get(detail_url(unit=unit)).status_code == 404


def test_nothing_computed_yet(world, client_as):
    response = client_as("leader").get(DASHBOARD)
    assert (response.status_code, response.context["board_html"]) == (200, "")
    assert NOTHING_COMPUTED in text_of(response) and "echarts" not in text_of(response)
    assert client_as("leader").get(reverse("indicators:dashboard_export")).status_code == 404
    assert NO_SCOPE in text_of(client_as("norole").get(DASHBOARD))


def test_pages_are_read_only(world, indicators, client_as):
    client = client_as("sysadmin")
    for url in (DASHBOARD, detail_url(), reverse("indicators:dashboard_export")):
        assert client.post(url).status_code == 405


@pytest.mark.parametrize("url", [DASHBOARD, detail_url(), detail_url(unit="A1")])
def test_pages_load_nothing_from_another_origin(world, indicators, client_as, url):
    url = url.replace("unit=A1", f"unit={world.units['A1'].pk}")
    page = text_of(client_as("superuser").get(url))
    assert ("http://" in page, "https://" in page, "<script>" in page, "style=" in page) == (False,) * 4


# ---- the drill-down -------------------------------------------------------------------------------

def test_the_city_lists_its_districts_worst_first_each_linking_down(world, indicators, client_as):
    response = client_as("leader").get(detail_url())
    page = text_of(response)
    table = page.split('id="children-table"')[1].split("</table>")[0]
    d1, d2 = world.units["D1"], world.units["D2"]
    assert table.index(d1.name) < table.index(d2.name)
    assert f'<a href="{detail_url(unit=d1.pk)}&amp;period={PERIOD}">{d1.name}</a>' in table
    assert "<td>学区</td>" in table and '<td class="num">50%</td>' in table
    assert world.keys_named_in(page) == {"C", "D1", "D2"}
    assert '<strong class="figure">25%</strong>' in page and "1 ÷ 4" in page


def test_a_school_page_links_to_the_classes_behind_the_figure(world, indicators, client_as):
    a1 = world.units["A1"]
    group = ClassGroupFactory(school=a1, school_year=PERIOD, grade=Grade.G1, name="大1班")
    StudentFactory.create_batch(51, class_group=group)
    small = ClassGroupFactory(school=a1, school_year=PERIOD, grade=Grade.G1, name="小2班")
    StudentFactory.create_batch(50, class_group=small)
    client = client_as("school_admin")
    page = text_of(client.get(detail_url(unit=a1.pk)))
    assert "第 3 / 3 名" in page and world.keys_named_in(page) == {"A1"}
    link = f"/registry/classes/?school={a1.pk}&amp;school_year={PERIOD}&amp;grade=1&amp;size_band=over_50"
    assert f'<a class="button" href="{link}">一年级班额超过50人的班级</a>' in page
    classes = client.get(link.replace("&amp;", "&"))
    assert [(c.name, c.size) for c in classes.context["page"]] == [("大1班", 51)]


def test_the_breadcrumb_stops_at_the_top_of_the_scope(world, indicators, client_as):
    page = text_of(client_as("district_admin").get(detail_url(unit=world.units["A2"].pk)))
    crumbs = page.split('class="breadcrumb"')[1].split("</nav>")[0]
    assert world.keys_named_in(crumbs) == {"D1", "A2"}
    assert f'{detail_url(unit=world.units["D1"].pk)}&amp;period={PERIOD}' in crumbs


def test_a_unit_without_a_value(world, indicators, client_as):
    response = client_as("leader").get(detail_url(DUAL, unit=world.units["D1"].pk))
    page = text_of(response)
    assert (response.status_code, response.context["detail"].row.value) == (200, None)
    assert '<strong class="figure">—</strong>' in page and "无数据" in page and "没有下级单位的数据" in page


# ---- exports --------------------------------------------------------------------------------------

def test_the_dashboard_exports_its_table(world, indicators, client_as):
    response = client_as("school_admin").get(reverse("indicators:dashboard_export"))
    assert "attachment; filename*=UTF-8''" in response["Content-Disposition"]
    rows = sheet_rows(response)
    assert rows[0] == ("分类", "指标代码", "指标", "单位", "指标值", "分子", "分母", "目标", "目标来源", "状态", "计入学校数",
                       "排名", "对应工作要点条目")
    assert rows[1:] == [
        (REGISTRY[CLASS_SIZE].section, CLASS_SIZE, indicators[CLASS_SIZE].name, "%", 100, 1, 1, "≤ 0%", "已核实",
         "未达标", 1, "第 3 / 3 名", "第23条"),
        ("其他指标", EXTRA, indicators[EXTRA].name, "%", None, None, None, "≥ 90%", "已核实", "无数据", None, None,
         "第23条"),
    ]


def test_the_city_dashboard_export_marks_unverified_targets(world, indicators, client_as):
    rows = sheet_rows(client_as("leader").get(reverse("indicators:dashboard_export")))
    assert rows[2] == (REGISTRY[DUAL].section, DUAL, indicators[DUAL].name, "%", 55, 11, 20, "≥ 60%", "待核实",
                       "接近目标", 1, None, "第23条")


def test_the_drill_down_exports_the_unit_and_its_children(world, indicators, client_as):
    response = client_as("leader").get(reverse("indicators:detail_export", args=[CLASS_SIZE]), {"period": EARLIER})
    assert sheet_rows(response) == [
        ("单位", "单位类型", "指标值", "分子", "分母", "状态", "计入学校数"),
        (world.name("C"), "市教育局", 50, 2, 4, "未达标", 3),
        (world.name("D1"), "学区", 100, 2, 2, "未达标", 2),
        (world.name("D2"), "学区", 0, 0, 1, "达标", 1),
    ]


def test_formula_like_names_stay_text(world, indicators, client_as):
    indicators[CLASS_SIZE].name = "=HYPERLINK(1)"
    indicators[CLASS_SIZE].save()
    book = openpyxl.load_workbook(io.BytesIO(client_as("leader").get(reverse("indicators:dashboard_export")).content))
    cell = book.active["C2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("=HYPERLINK(1)", "s", True)


# ---- the home page --------------------------------------------------------------------------------

@pytest.mark.parametrize(("role", "shown"), [
    ("leader", True), ("section_staff", True), ("sysadmin", False), ("district_admin", False),
    ("school_admin", False), ("norole", False),
])
def test_leaders_and_section_staff_land_on_the_dashboard_summary(world, indicators, client_as, role, shown):
    page = text_of(client_as(role).get(reverse("home")))
    assert ("打开指标看板" in page) == shown
    if shown:
        assert f"{world.name('C')} · {PERIOD}学年" in page
        assert "未达标 1" in page and "接近目标 1" in page
        assert f'{detail_url(unit=world.units["C"].pk)}&amp;period={PERIOD}">{indicators[CLASS_SIZE].name}</a>' in page


def test_the_home_summary_before_anything_is_computed(world, client_as):
    assert "尚无指标数据" in text_of(client_as("leader").get(reverse("home")))


# ---- query counts ---------------------------------------------------------------------------------

def grow(world, indicators: int = 30, schools: int = 40) -> None:
    """More indicators, schools, values and a third school year: a page must not cost more queries."""
    now = timezone.now()
    new_schools = [SchoolFactory(parent=world.units["D1"] if n % 2 else world.units["D2"]).org_unit
                   for n in range(schools)]
    units = [world.units[key] for key in ("C", "D1", "D2", "A1", "A2", "B1")] + new_schools
    rows = []
    for n in range(indicators):
        indicator = Indicator.objects.create(code=f"grown_{n}", name=f"扩充指标{n:02d}", unit="%", plan_items="1、2",
                                             comparator=Comparator.GE, target=Decimal(50), sort_order=100 + n)
        for unit in units:
            for period in (PERIOD, EARLIER, "2022-2023"):
                rows.append(IndicatorValue(indicator=indicator, org_unit=unit, period=period, value=Decimal(n),
                                           computed_at=now))
    IndicatorValue.objects.bulk_create(rows)


# Every page: session read and save, user, scope prefixes, unit, school years with values. The dashboard
# adds the indicators, one unit's values (all periods), plan managers' roots, visible plans, their items
# and the unit picker; a school adds its rank; the drill-down adds the breadcrumb and the child values
# (and, at a school, the starting grades behind the record links); home its own four queries.
PAGE_QUERIES = [
    ("leader", "dashboard", None, 17),  # + the stamps that tell whether the rendered page and board are current
    ("school_admin", "dashboard", None, 18),
    ("leader", "detail", "C", 14),
    ("district_admin", "detail", "A1", 17),
    ("leader", "home", None, 13),
]


def test_a_repeated_visit_reuses_the_rendered_page_until_the_values_change(world, indicators, client_as,
                                                                             django_assert_num_queries):
    plans_of(world)
    client = client_as("leader")
    first = client.get(DASHBOARD).context["content"]
    assert "起始年级" in first
    # session, user, stamp, scope, and the session saved (idle expiry) as on every page; 17 when rendered
    with django_assert_num_queries(7):
        assert client.get(DASHBOARD).context["content"] == first
    assert client.get(DASHBOARD, {"period": EARLIER}).context["content"] != first  # another query string
    value = IndicatorValue.objects.filter(org_unit=world.units["C"], period=PERIOD).first()
    value.value, value.computed_at = value.value + 1, timezone.now()  # recomputed
    value.save()
    assert client.get(DASHBOARD).context["content"] != first
    indicators[DUAL].target = 70  # edited in the back office
    indicators[DUAL].save()
    changed = client.get(DASHBOARD).context["content"]
    assert client.get(DASHBOARD).context["content"] == changed


def test_a_membership_change_is_seen_at_once(world, indicators, client_as):
    client = client_as("district_admin")
    assert world.units["D1"].name in client.get(DASHBOARD).context["content"]
    world.users["district_admin"].memberships.all().delete()
    assert NO_SCOPE in client_as("district_admin").get(DASHBOARD).context["content"]


@pytest.mark.parametrize(("role", "page", "unit", "queries"), PAGE_QUERIES)
def test_query_counts_are_pinned_whatever_the_size(world, indicators, client_as, django_assert_num_queries,
                                                   role, page, unit, queries):
    plans_of(world)  # indicators link to the items of the 2024 plan
    client = client_as(role)
    url = {"dashboard": DASHBOARD, "detail": detail_url(), "home": reverse("home")}[page]
    if unit:
        url = f"{url}?unit={world.units[unit].pk}"
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    grow(world)
    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
    assert Indicator.objects.filter(is_active=True).count() == 33
    assert IndicatorValue.objects.filter(org_unit__kind=OrgKind.SCHOOL).count() > 3000
