"""Responsibility annotations in all their written forms."""
import pytest

from edubureau.plans.parsing.annotations import find_annotations, split_units


def _units(source: str) -> list[tuple[tuple, tuple]]:
    return [(a.lead_units, a.cooperating_units) for a in find_annotations(source)]


@pytest.mark.parametrize(("source", "expected"), [
    ("推进改革。（责任科室：组织人事科、宣传科）", [(("组织人事科",), ("宣传科",))]),
    ("推进改革。(责任处室:财务科)", [(("财务科",), ())]),
    ("推进改革。\n责任单位：基础教育股，安全股；督导室", [(("基础教育股",), ("安全股", "督导室"))]),
    ("推进改革。\n责任单位：基础教育股、\n各乡镇中心学校", [(("基础教育股",), ("各乡镇中心学校",))]),
    ("推进改革。（牵头单位：基础教育科；配合单位：教研室、各学区）", [(("基础教育科",), ("教研室", "各学区"))]),
    ("推进改革。(牵头单位：基础教育科；配合单\n位：教研室)", [(("基础教育科",), ("教研室",))]),
    ("推进改革。(牵头单位：体卫艺科；\n配合单位：各学区)", [(("体卫艺科",), ("各学区",))]),
    ("推进改革。\n牵头单位：甲科\n配合单位：乙科 丙科", [(("甲科",), ("乙科", "丙科"))]),
    ("推进改革。责任单位：财务科、审计科(牵头)", [(("审计科",), ("财务科",))]),
    ("推进改革。【责任部门：办公室等】", [(("办公室",), ())]),
])
def test_annotation_forms(source, expected):
    assert _units(source) == expected


def test_annotation_span_covers_brackets_and_wrapped_lines():
    source = "推进改革(牵头单位：基础教育科；配合单\n位：教研室)。"
    (annotation,) = find_annotations(source)
    assert source[annotation.start:annotation.end] == "(牵头单位：基础教育科；配合单\n位：教研室)"
    assert annotation.raw == "牵头单位：基础教育科；配合单位：教研室"


@pytest.mark.parametrize("source", [
    "落实中小学校党组织领导的校长负责制。",
    "完善责任区督学制度,压实责任单位主体责任。",
    "明确牵头单位和配合单位的职责。",
])
def test_words_about_responsibility_are_not_annotations(source):
    assert find_annotations(source) == []


def test_split_units():
    assert split_units(" 组织人事科、宣传科,办公室；纪检组 督导室等。") == ["组织人事科", "宣传科", "办公室", "纪检组", "督导室"]
