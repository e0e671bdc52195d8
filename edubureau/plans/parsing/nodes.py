"""What the parser returns: a plan → sections → items, with the targets and mentions found in each item.

Every `start`/`end` is a character offset into the normalised source text (`end` exclusive),
so a page can highlight the span; `ParsedPlan.source` holds that text. A target's or mention's
`text` is what was recognised: equal to `source[start:end]` except that a hard line wrap inside
the span (text copied from a PDF) is not part of `text`.
"""
import datetime
from dataclasses import dataclass, field

# Target comparators: what the text requires of the measured value.
GTE, LTE, EQ, GT, LT, UNSTATED = ">=", "<=", "=", ">", "<", ""
COMPARATORS = (GTE, LTE, EQ, GT, LT, UNSTATED)

# Mention kinds.
PROJECT, EVENT, DOCUMENT, SCHOOL = "project", "event", "document", "school"
MENTION_KINDS = (PROJECT, EVENT, DOCUMENT, SCHOOL)


@dataclass(frozen=True)
class ParsedTarget:
    """A quantitative target: "达到专任教师总数的60%" → value 60, unit "%", comparator ">="."""

    text: str
    value: int | float
    unit: str
    comparator: str
    start: int
    end: int


@dataclass(frozen=True)
class ParsedMention:
    """A named project, event, cited document (《…》, brackets included) or school."""

    kind: str
    text: str
    start: int
    end: int


@dataclass
class ParsedItem:
    """A numbered work item. `title` is its first sentence, `text` the rest, annotations removed."""

    number: str
    title: str
    text: str
    group: str = ""
    responsible_units: list[str] = field(default_factory=list)
    lead_units: list[str] = field(default_factory=list)
    cooperating_units: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0
    targets: list[ParsedTarget] = field(default_factory=list)
    mentions: list[ParsedMention] = field(default_factory=list)
    annotation: str = ""  # the responsibility annotations as written, joined by "；"


@dataclass
class ParsedSection:
    """A top-level part ("一、…"); a document without that level has one with number and title ""."""

    number: str
    title: str
    start: int
    end: int
    items: list[ParsedItem] = field(default_factory=list)
    body: str = ""  # text under the heading that belongs to no item


@dataclass(frozen=True)
class ParsedNotice:
    """The covering notice: "各学区、园林分局,局直各单位:" and "现将《…》印发给你们…"."""

    addressees: tuple[str, ...] = ()
    body: str = ""
    heading: str = ""  # e.g. 关于印发《…》的通知


@dataclass
class ParsedPlan:
    title: str
    issuer: str
    issued_on: datetime.date | None
    year: int | None
    preamble: str
    notice: ParsedNotice
    sections: list[ParsedSection]
    source: str = ""

    @property
    def items(self) -> list[ParsedItem]:
        return [item for section in self.sections for item in section.items]
