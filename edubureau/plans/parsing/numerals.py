"""Chinese numerals and the numbering markers that open headings and items ("一、", "（一）", "1.", "(1)", "①")."""
import re
from dataclasses import dataclass

CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
             "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = "零一二三四五六七八九"

# Marker kinds, outermost first, as GB/T 9704 orders them for official documents.
CN = "cn"  # 一、
PAREN_CN = "paren_cn"  # （一）
ARABIC = "arabic"  # 1.  1、  1．  2 .
PAREN_ARABIC = "paren_arabic"  # (1)  1)  ⑴
CIRCLED = "circled"  # ①
KIND_ORDER = (CN, PAREN_CN, ARABIC, PAREN_ARABIC, CIRCLED)

_CN_NUM = "[一二三四五六七八九十]{1,3}"
_DIGITS = "[0-9０-９]{1,3}"
_MARKER_PATTERNS = (
    (PAREN_CN, re.compile(rf"[（(]\s*({_CN_NUM})\s*[）)]\s*[、.．]?\s*")),
    (PAREN_ARABIC, re.compile(rf"[（(]\s*({_DIGITS})\s*[）)]\s*[、.．]?\s*")),
    (PAREN_ARABIC, re.compile(rf"({_DIGITS})\s*[）)]\s*")),
    (CN, re.compile(rf"({_CN_NUM})\s*[、．.]\s*")),
    (ARABIC, re.compile(rf"({_DIGITS})\s*[.．、]\s*(?![0-9０-９])")),
    (CIRCLED, re.compile(r"([①-⑳])\s*")),
    (PAREN_ARABIC, re.compile(r"([⑴-⒇])\s*")),
    (ARABIC, re.compile(r"([⒈-⒛])\s*")),
)
_SYMBOL_BASES = {"①": "①", "⑴": "⑴", "⒈": "⒈"}


@dataclass(frozen=True)
class Marker:
    """A numbering marker at the start of a line.

    `number` is the numeral without brackets or punctuation: Chinese numerals as written
    ("一", "十二"), every Arabic or circled form as ASCII digits ("１" → "1", "①" → "1").
    `length` counts the marker and the spaces after it.
    """

    kind: str
    value: int
    number: str
    length: int


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 二十八 → 28; None for anything else (up to 99)."""
    if not text or any(ch not in CN_DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return CN_DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    value = (CN_DIGITS[tens] if tens else 1) * 10 + (CN_DIGITS[ones] if ones else 0)
    return value or None


def int_to_cn(value: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十 (1–99)."""
    tens, ones = divmod(value, 10)
    if not tens:
        return _CN_UNITS[ones]
    prefix = "" if tens == 1 else _CN_UNITS[tens]
    return prefix + "十" + (_CN_UNITS[ones] if ones else "")


def cn_year_to_int(text: str) -> int | None:
    """二〇二四 → 2024 (digit by digit), 2024 → 2024."""
    if text.isdigit():
        return int(text)
    if len(text) != 4 or any(ch not in CN_DIGITS for ch in text):
        return None
    return int("".join(str(CN_DIGITS[ch]) for ch in text))


def _symbol_value(symbol: str) -> int | None:
    if len(symbol) != 1:
        return None
    for base in _SYMBOL_BASES:
        if 0 <= ord(symbol) - ord(base) < 20:
            return ord(symbol) - ord(base) + 1
    return None


def _numeral_value(numeral: str) -> tuple[int, str] | None:
    if numeral.isdigit() and len(numeral) <= 3 and all("0" <= ch <= "9" or "０" <= ch <= "９" for ch in numeral):
        return int(numeral), str(int(numeral))
    value = cn_to_int(numeral)
    if value is not None:
        return value, numeral
    value = _symbol_value(numeral)
    return (value, str(value)) if value else None


def match_marker(text: str) -> Marker | None:
    """The numbering marker at the start of `text`, or None ("一是…" and "3.5万" are not markers)."""
    for kind, pattern in _MARKER_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        parsed = _numeral_value(match.group(1))
        if parsed and parsed[0] > 0:
            return Marker(kind=kind, value=parsed[0], number=parsed[1], length=match.end())
    return None
