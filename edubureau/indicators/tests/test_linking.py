"""Plan targets linked to indicators: suggested from the item number, unit and wording; confirmed by a manager."""
import pytest
from django.urls import reverse

from edubureau.demo.services import build_demo_city
from edubureau.indicators.linking import suggest_target_links
from edubureau.indicators.models import LinkStatus, TargetLink
from edubureau.indicators.services import compute_indicators, indicators_sync
from edubureau.plans.models import PlanTarget


@pytest.fixture
def seed_plan(db):
    build_demo_city(seed=1, scale="small")
    indicators_sync()


def _links() -> dict[str, str]:
    return {link.target.text: link.indicator.code
            for link in TargetLink.objects.select_related("target", "indicator")}


def test_the_seed_plan_targets_get_the_indicators_that_measure_them(seed_plan):
    assert suggest_target_links() >= 2
    links = _links()
    assert links["达到专任教师总数的60%"] == "dual_qualified_share"  # item 13, 双师型 ≥ 60 %
    assert links["控制在50人以内"] == "starting_grade_over_50"  # item 23, new intake classes ≤ 50
    assert "2个" not in links  # "发挥2个‘技能工作室’…": a count of workshops, not measured
    assert set(TargetLink.objects.values_list("status", flat=True)) == {LinkStatus.SUGGESTED}
    assert suggest_target_links() == 0  # once only


def test_compute_suggests_and_the_item_page_shows_the_value(seed_plan, client):
    from edubureau.accounts.models import User

    compute_indicators(period="2024-2025")
    target = PlanTarget.objects.get(text="达到专任教师总数的60%")
    manager = User.objects.get(username="jcjyk")
    client.force_login(manager)
    page = client.get(reverse("plans:item_detail", args=[target.item_id])).content.decode()
    entry = _target_entry(page, "达到专任教师总数的60%")
    assert "→ 指标““双师型”教师占专业课教师比例”(系统建议,待确认):" in entry
    assert ">确认</button>" in entry
    assert "暂无数据" in entry  # the small demo city has no staff on record: nothing to show yet
    response = client.post(reverse("plans:target_link", args=[target.pk]), {"action": "confirm"})
    assert response.status_code == 302
    link = TargetLink.objects.get(target=target)
    assert (link.status, link.decided_by) == (LinkStatus.CONFIRMED, manager)
    entry = _target_entry(client.get(reverse("plans:item_detail", args=[target.item_id])).content.decode(),
                          "达到专任教师总数的60%")
    assert "→ 指标““双师型”教师占专业课教师比例”:" in entry and ">确认</button>" not in entry


def _target_entry(page: str, text: str) -> str:
    """The <li> of the target in the item page's 量化目标 list, quotes unescaped."""
    targets = page.split('<ul class="targets">')[1].split("</ul>")[0]
    entry = next(li for li in targets.split("<li>") if text in li)
    return entry.replace("&ldquo;", "“").replace("&rdquo;", "”")


def test_a_bad_action_is_explained_and_changes_nothing(seed_plan, client):
    from edubureau.accounts.models import User

    suggest_target_links()
    target = PlanTarget.objects.get(text="达到专任教师总数的60%")
    client.force_login(User.objects.get(username="jcjyk"))
    response = client.post(reverse("plans:target_link", args=[target.pk]), {"action": "maybe"}, follow=True)
    assert "请选择“确认”或“否决”" in response.content.decode()
    assert TargetLink.objects.get(target=target).status == LinkStatus.SUGGESTED
