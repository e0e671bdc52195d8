"""Targets and mentions of one item, with offsets into the original source (see targets.py and mentions.py)."""
from edubureau.plans.parsing.mentions import extract_mentions
from edubureau.plans.parsing.nodes import ParsedMention, ParsedTarget
from edubureau.plans.parsing.targets import extract_targets
from edubureau.plans.parsing.text import MappedText

__all__ = ["extract", "extract_mentions", "extract_targets"]


def extract(content: MappedText) -> tuple[list[ParsedTarget], list[ParsedMention]]:
    """Everything recognised in an item's content (title and text, annotations already removed)."""
    return extract_targets(content), extract_mentions(content)
