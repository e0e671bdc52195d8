"""Cut a plan's source text into segments so the review page can highlight what was recognised."""
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    text: str
    kind: str = ""  # "", "target", or a mention kind
    item_id: int | None = None  # set on the first segment of an item, as an anchor


def _kept_spans(items) -> list[tuple[int, int, str]]:
    """Targets and mentions in source order; a span overlapping an earlier one is dropped."""
    spans = sorted(
        [(t.start, t.end, "target") for item in items for t in item.targets.all()]
        + [(m.start, m.end, m.kind) for item in items for m in item.mentions.all()]
    )
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if not kept or span[0] >= kept[-1][1]:
            kept.append(span)
    return kept


def source_segments(source: str, items) -> list[Segment]:
    """Plain and highlighted runs of `source`, in order, with an anchor where each item starts."""
    spans = _kept_spans(items)
    anchors = {item.start: item.pk for item in items}
    cuts = sorted({0, len(source), *anchors, *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    segments, i = [], 0
    for a, b in zip(cuts, cuts[1:]):
        while i < len(spans) and spans[i][1] <= a:
            i += 1
        kind = spans[i][2] if i < len(spans) and spans[i][0] <= a else ""
        segments.append(Segment(source[a:b], kind, anchors.get(a)))
    return segments
