"""Numbering markers and Chinese numerals."""
import pytest

from edubureau.plans.parsing.numerals import cn_to_int, cn_year_to_int, int_to_cn, match_marker


@pytest.mark.parametrize(("text", "kind", "number", "length"), [
    ("一、坚持党的领导", "cn", "一", 2),
    ("十二、其他", "cn", "十二", 3),
    ("一.坚持", "cn", "一", 2),
    ("（一）加强党的建设", "paren_cn", "一", 3),
    ("(一)加强党的建设", "paren_cn", "一", 3),
    ("( 三 ) 加强", "paren_cn", "三", 6),
    ("1.深化", "arabic", "1", 2),
    ("1、深化", "arabic", "1", 2),
    ("1．深化", "arabic", "1", 2),
    ("2 .深化", "arabic", "2", 3),
    ("１．深化", "arabic", "1", 2),
    ("28.加强", "arabic", "28", 3),
    ("120.加强", "arabic", "120", 4),
    ("(1)开齐", "paren_arabic", "1", 3),
    ("（２）每所", "paren_arabic", "2", 3),
    ("3)完善", "paren_arabic", "3", 2),
    ("①建立", "circled", "1", 1),
    ("⑫建立", "circled", "12", 1),
    ("⑵建立", "paren_arabic", "2", 1),
    ("⒊建立", "arabic", "3", 1),
])
def test_markers(text, kind, number, length):
    marker = match_marker(text)
    assert (marker.kind, marker.number, marker.length) == (kind, number, length)


@pytest.mark.parametrize("text", [
    "一是加强党建", "2024年全市教育工作", "3.5万元用于", "1、2年级", "十分重要", "一一、重复", "0.建设", "（零）",
])
def test_not_markers(text):
    assert match_marker(text) is None


@pytest.mark.parametrize(("text", "value"), [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("二十八", 28), ("九十九", 99), ("两", 2),
    ("一一", None), ("十十", None), ("百", None), ("", None),
])
def test_cn_to_int(text, value):
    assert cn_to_int(text) == value


def test_int_to_cn_round_trips():
    assert [int_to_cn(n) for n in (1, 10, 12, 20, 28, 99)] == ["一", "十", "十二", "二十", "二十八", "九十九"]
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(1, 100))


def test_cn_year():
    assert (cn_year_to_int("二〇二四"), cn_year_to_int("二○二五"), cn_year_to_int("2024")) == (2024, 2025, 2024)
