"""The JSON form of a parsed plan (the output of `import_plan --dry-run --format json`).

Shape: {"title", "issuer", "issued_on" (ISO date or null), "year" (int or null), "preamble",
"sections": [{"number", "title", "items": [{"number", "title", "text", "group",
"responsible_units": [...], "targets": [{"text", "value", "unit", "comparator", "start", "end"}],
"mentions": [{"kind", "text", "start", "end"}]}]}]}
Numbers are strings: "一" for sections, the item's numeral without brackets or punctuation
("1" for "1." "１．" "(1)" "①"; "一" for "（一）" or "一是"). Offsets index the source text.
"""
from edubureau.plans.parsing.nodes import ParsedItem, ParsedMention, ParsedPlan, ParsedSection, ParsedTarget


def plan_to_dict(plan: ParsedPlan) -> dict:
    return {
        "title": plan.title,
        "issuer": plan.issuer,
        "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
        "year": plan.year,
        "preamble": plan.preamble,
        "sections": [_section(section) for section in plan.sections],
    }


def _section(section: ParsedSection) -> dict:
    return {"number": section.number, "title": section.title, "items": [_item(item) for item in section.items]}


def _item(item: ParsedItem) -> dict:
    return {
        "number": item.number,
        "title": item.title,
        "text": item.text,
        "group": item.group,
        "responsible_units": list(item.responsible_units),
        "targets": [_target(target) for target in item.targets],
        "mentions": [_mention(mention) for mention in item.mentions],
    }


def _target(target: ParsedTarget) -> dict:
    return {"text": target.text, "value": target.value, "unit": target.unit, "comparator": target.comparator,
            "start": target.start, "end": target.end}


def _mention(mention: ParsedMention) -> dict:
    return {"kind": mention.kind, "text": mention.text, "start": mention.start, "end": mention.end}
