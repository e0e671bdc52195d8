"""The parts around the plan's body: covering notice, date and signature, title, issuer, year, preamble."""
import datetime
import re
from dataclasses import dataclass

from edubureau.plans.parsing.nodes import ParsedNotice
from edubureau.plans.parsing.numerals import cn_to_int, cn_year_to_int
from edubureau.plans.parsing.text import Line, join_lines

# Roles of lines outside the numbered body.
DATE, SIGNATURE, ANNEX, DOC_NUMBER, COLOPHON = "date", "signature", "annex", "doc_number", "colophon"

_YEAR = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})"
_MONTH_DAY = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DATE = re.compile(
    rf"^(?P<prefix>.*?)[（(]?\s*(?P<y>{_YEAR})\s*年\s*(?P<m>{_MONTH_DAY})\s*月\s*(?P<d>{_MONTH_DAY})\s*日"
    r"\s*(?:印发)?\s*[）)]?$"
)
_TITLE_YEAR = re.compile(rf"({_YEAR})\s*年")
_ORG_SUFFIX = re.compile(r"(局|委员会|委|办公室|政府|中心|学校|厅|科|处|室|院|部)$")
_SENTENCE_PUNCTUATION = re.compile(r"[。，,；;：:！!？?“”《》]")
_ANNEX = re.compile(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*([:：.．、]|$)")
_DOC_NUMBER = re.compile(r"[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d+\s*号")
_COLOPHON = re.compile(r"^(抄送|抄报)\s*[:：]|^[（(]此件.{2,12}[）)]$")
_ADDRESSEE = re.compile(r"^[^。！？!?]{2,150}[:：]$")
_ADDRESSEE_WORDS = re.compile(r"各|单位|学校|学区|分局|科室|处室|局|委|部门|幼儿园|同志")
_NOT_ADDRESSEE = re.compile(r"(是|如下|要求|目标|思想|原则)\s*[:：]$|^(责任|牵头|配合)")
_NOTICE_BODY = re.compile(r"现将|印发给你们|请结合实际|认真贯彻(执行|落实)|遵照执行|特此通知")
_NOTICE_HEADING = re.compile(r"^.{0,40}关于印发.*的通知$")
_TITLE_WORDS = re.compile(r"要点|计划|安排|方案|思路|重点|任务|意见")
_BOOK_TITLE = re.compile(r"《([^《》]{2,60})》")
_UNIT_SEPARATORS = re.compile(r"[、，,；;]+")


@dataclass(frozen=True)
class FrontMatter:
    title: str
    issuer: str
    issued_on: datetime.date | None
    year: int | None
    preamble: str
    notice: ParsedNotice


def parse_date(text: str) -> tuple[datetime.date, str] | None:
    """"2024年3月8日" or "二〇二四年三月八日" (optionally after a signature) → (date, what precedes it)."""
    match = _DATE.match(text)
    if not match:
        return None
    year = cn_year_to_int(match.group("y"))
    month, day = (_month_day(match.group(name)) for name in ("m", "d"))
    try:
        return datetime.date(year, month, day), match.group("prefix").strip()
    except (TypeError, ValueError):
        return None


def _month_day(text: str) -> int | None:
    return int(text) if text.isdigit() else cn_to_int(text)


def _is_signature_like(text: str) -> bool:
    return len(text) <= 30 and not _SENTENCE_PUNCTUATION.search(text) and bool(_ORG_SUFFIX.search(text))


def classify_lines(lines: list[Line]) -> dict[int, str]:
    """Roles of the lines that are neither body nor preamble, by index: date, signature, annex, ..."""
    roles = {}
    for index, line in enumerate(lines):
        parsed = parse_date(line.text)
        if parsed and (not parsed[1] or _is_signature_like(parsed[1])):
            roles[index] = DATE
        elif _ANNEX.match(line.text) and len(line.text) <= 80:
            roles[index] = ANNEX
        elif _DOC_NUMBER.search(line.text) and len(line.text) <= 40:
            roles[index] = DOC_NUMBER
        elif _COLOPHON.search(line.text):
            roles[index] = COLOPHON
    for index in [i for i, role in roles.items() if role == DATE]:
        for step in (-1, 1):
            neighbour = index + step
            while 0 <= neighbour < len(lines) and neighbour not in roles and _is_signature_like(lines[neighbour].text):
                roles[neighbour] = SIGNATURE
                neighbour += step
    return roles


def dates_and_signatures(lines: list[Line], roles: dict[int, str]) -> tuple[list[datetime.date], list[str]]:
    """Issue dates and signatures (the issuing body as signed) among role-classified lines, in order."""
    dates, signatures = [], []
    for index, role in sorted(roles.items()):
        if role == DATE:
            parsed_date, prefix = parse_date(lines[index].text)
            dates.append(parsed_date)
            signatures.extend([prefix] if prefix else [])
        elif role == SIGNATURE:
            signatures.append(lines[index].text)
    return dates, signatures


def parse_front(source: str, lines: list[Line], roles: dict[int, str], signatures: list[str],
                dates: list[datetime.date]) -> FrontMatter:
    """Notice, title, issuer, date, year and preamble from the lines before the first heading or item."""
    title_index = _find_title(lines, roles)
    notice_indexes, addressee_index, heading_index = _notice_lines(lines, roles, title_index)
    used = set(roles) | set(notice_indexes) | {addressee_index, heading_index, title_index}
    title = _title(lines, title_index, roles, used)
    preamble_lines = [line for index, line in enumerate(lines)
                      if index not in used and (title_index is None or index > title_index)]
    notice = ParsedNotice(
        addressees=_addressees(lines, addressee_index),
        body="\n".join(lines[index].text for index in notice_indexes),
        heading=lines[heading_index].text if heading_index is not None else "",
    )
    title = title or _title_from_notice(notice)
    issued_on = dates[0] if dates else None
    return FrontMatter(
        title=title,
        issuer=issuer_from_title(title) or (signatures[0] if signatures else "") or _issuer_from_heading(notice),
        issued_on=issued_on,
        year=year_from_title(title) or (issued_on.year if issued_on else None),
        preamble=join_lines(source, preamble_lines, []).text,
        notice=notice,
    )


def _is_title_candidate(line: Line) -> bool:
    text = line.text
    return (len(text) <= 60 and not re.search(r"[。；;！!？?]", text) and text[-1] not in ":："
            and not _NOTICE_HEADING.match(text) and not _NOTICE_BODY.search(text))


def _find_title(lines: list[Line], roles: dict[int, str]) -> int | None:
    candidates = [i for i, line in enumerate(lines) if i not in roles and _is_title_candidate(line)]
    with_words = [i for i in candidates if _TITLE_WORDS.search(lines[i].text)]
    if with_words:
        return with_words[0]
    first_long = next((i for i, line in enumerate(lines) if len(line.text) > 60), len(lines))
    short = [i for i in candidates if i < first_long and not _SENTENCE_PUNCTUATION.search(lines[i].text)]
    return short[0] if short else None


def _title(lines: list[Line], title_index: int | None, roles: dict[int, str], used: set) -> str:
    """The title line, joined with a preceding "潜江市教育局"-style line when the title starts with the year."""
    if title_index is None:
        return ""
    title = lines[title_index].text
    before = title_index - 1
    if (before >= 0 and before not in used and _is_signature_like(lines[before].text)
            and _TITLE_YEAR.match(title)):
        used.add(before)
        return lines[before].text + title
    return title


def _notice_lines(lines: list[Line], roles: dict[int, str], title_index: int | None):
    """Indexes of the notice body, the addressee line and the notice heading (关于印发…的通知).

    The body is what follows the addressee line up to the date, signature or title; without any
    of those only the line right after it, plus lines that read like a notice ("现将…印发给你们").
    """
    limit = title_index if title_index is not None else len(lines)
    addressee = next((i for i in range(limit) if i not in roles and _is_addressee(lines[i].text)), None)
    heading = next((i for i in range(len(lines)) if _NOTICE_HEADING.match(lines[i].text)), None)
    if addressee is not None:
        stops = [i for i in roles if i > addressee] + ([title_index] if title_index is not None else [])
        limit = min(stops) if stops else addressee + 2
    body = []
    for index, line in enumerate(lines):
        if index in roles or index in (addressee, heading, title_index):
            continue
        if (addressee is not None and addressee < index < limit) or _NOTICE_BODY.search(line.text):
            body.append(index)
    return body, addressee, heading


def _is_addressee(text: str) -> bool:
    return bool(_ADDRESSEE.match(text) and _ADDRESSEE_WORDS.search(text) and not _NOT_ADDRESSEE.search(text))


def _addressees(lines: list[Line], index: int | None) -> tuple[str, ...]:
    if index is None:
        return ()
    parts = _UNIT_SEPARATORS.split(lines[index].text.rstrip(":："))
    return tuple(part.strip() for part in parts if part.strip())


def _title_from_notice(notice: ParsedNotice) -> str:
    match = _BOOK_TITLE.search(notice.heading + notice.body)
    return match.group(1) if match else ""


def issuer_from_title(title: str) -> str:
    """"市教育局2024年工作要点" → "市教育局"; "" when what precedes the year is not an organisation."""
    match = _TITLE_YEAR.search(title)
    prefix = title[:match.start()].strip() if match else ""
    prefix = prefix.split("关于")[0].strip()
    return prefix if _ORG_SUFFIX.search(prefix) and len(prefix) <= 30 else ""


def _issuer_from_heading(notice: ParsedNotice) -> str:
    prefix = notice.heading.split("关于")[0].strip() if "关于" in notice.heading else ""
    return prefix if _is_signature_like(prefix) else ""


def year_from_title(title: str) -> int | None:
    match = _TITLE_YEAR.search(title)
    return cn_year_to_int(match.group(1)) if match else None
