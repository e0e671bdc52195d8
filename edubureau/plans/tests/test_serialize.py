"""The JSON shape of `import_plan --dry-run --format json`, exactly."""
import json

from edubureau.plans.parsing import parse_plan, plan_to_dict

SOURCE = (
    "各学校:\n现将《县教育局2024年工作要点》印发给你们,请认真贯彻执行。\n2024年2月1日\n"
    "县教育局2024年工作要点\n总体要求是:办好人民满意的教育。\n"
    "一、加强党的建设\n（一）思想建设\n1.深化理论武装。全年学习不少于12次。(责任科室：办公室、组织科)\n"
    "二、推进教育发展\n1.完成城北幼儿园建设。落实《幼儿园督导评估办法》。\n"
)


def test_plan_to_dict_shape_and_values():
    assert plan_to_dict(parse_plan(SOURCE)) == {
        "title": "县教育局2024年工作要点",
        "issuer": "县教育局",
        "issued_on": "2024-02-01",
        "year": 2024,
        "preamble": "总体要求是:办好人民满意的教育。",
        "sections": [
            {"number": "一", "title": "加强党的建设", "items": [{
                "number": "1",
                "title": "深化理论武装",
                "text": "全年学习不少于12次。",
                "group": "（一）思想建设",
                "responsible_units": ["办公室", "组织科"],
                "targets": [{"text": "不少于12次", "value": 12, "unit": "次", "comparator": ">=",
                             "start": 108, "end": 114}],
                "mentions": [],
            }]},
            {"number": "二", "title": "推进教育发展", "items": [{
                "number": "1",
                "title": "完成城北幼儿园建设",
                "text": "落实《幼儿园督导评估办法》。",
                "group": "",
                "responsible_units": [],
                "targets": [],
                "mentions": [
                    {"kind": "project", "text": "城北幼儿园", "start": 143, "end": 148},
                    {"kind": "school", "text": "城北幼儿园", "start": 143, "end": 148},
                    {"kind": "document", "text": "《幼儿园督导评估办法》", "start": 153, "end": 164},
                ],
            }]},
        ],
    }


def test_offsets_in_the_json_index_the_source():
    data = plan_to_dict(parse_plan(SOURCE))
    found = [entry for section in data["sections"] for item in section["items"]
             for entry in item["targets"] + item["mentions"]]
    assert len(found) == 4
    assert [SOURCE[entry["start"]:entry["end"]] for entry in found] == [entry["text"] for entry in found]
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data


def test_a_document_without_dates_or_issuer_serialises_nulls():
    data = plan_to_dict(parse_plan("工作要点\n1.甲项工作。\n2.乙项工作。\n"))
    assert (data["issued_on"], data["year"], data["issuer"]) == (None, None, "")
    assert [(s["number"], s["title"]) for s in data["sections"]] == [("", "")]
    assert [i["number"] for i in data["sections"][0]["items"]] == ["1", "2"]
