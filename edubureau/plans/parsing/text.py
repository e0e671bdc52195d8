"""Lines of the source text and text assembled from pieces of it that still knows where each character came from."""
from dataclasses import dataclass

STRIP_CHARS = " \t\u3000\xa0\ufeff\u200b\r\f\v"
# A line ending in one of these ends a paragraph; a long line ending otherwise was wrapped by hand.
TERMINAL_CHARS = "。；;！!？?：:）)」』”\"…》】"
WRAP_MIN_CHARS = 25


@dataclass(frozen=True)
class Line:
    """A non-blank line of the source, without its surrounding white space; `end` is exclusive."""

    start: int
    end: int
    text: str


def split_lines(source: str) -> list[Line]:
    """The non-blank lines of `source` with their offsets."""
    lines, position = [], 0
    for raw in source.split("\n"):
        left = raw.lstrip(STRIP_CHARS)
        text = left.rstrip(STRIP_CHARS)
        if text:
            start = position + len(raw) - len(left)
            lines.append(Line(start=start, end=start + len(text), text=text))
        position += len(raw) + 1
    return lines


def is_wrapped(line: Line) -> bool:
    """Whether `line` continues on the next line (a hard wrap) rather than ending a paragraph."""
    return len(line.text) >= WRAP_MIN_CHARS and line.text[-1] not in TERMINAL_CHARS


@dataclass(frozen=True)
class MappedText:
    """Text built from pieces of the source; `offsets[i]` is the source offset of `text[i]` (-1: inserted)."""

    text: str
    offsets: tuple[int, ...]

    @classmethod
    def empty(cls) -> "MappedText":
        return cls("", ())

    @classmethod
    def from_source(cls, source: str, start: int, end: int) -> "MappedText":
        return cls(source[start:end], tuple(range(start, end)))

    def __add__(self, other: "MappedText") -> "MappedText":
        return MappedText(self.text + other.text, self.offsets + other.offsets)

    def __len__(self) -> int:
        return len(self.text)

    def append_separator(self, separator: str) -> "MappedText":
        return MappedText(self.text + separator, self.offsets + (-1,) * len(separator))

    def slice(self, start: int, end: int | None = None) -> "MappedText":
        end = len(self.text) if end is None else end
        return MappedText(self.text[start:end], self.offsets[start:end])

    def strip(self, chars: str = STRIP_CHARS + "\n") -> "MappedText":
        left = len(self.text) - len(self.text.lstrip(chars))
        right = len(self.text.rstrip(chars))
        return self.slice(left, max(left, right))

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The source offsets (start, exclusive end) covering `text[start:end]`."""
        real = [offset for offset in self.offsets[start:end] if offset >= 0]
        if not real:
            raise ValueError("the span holds no source characters")
        return real[0], real[-1] + 1


def pieces_text(source: str, pieces: list[tuple[int, int]], cuts: list[tuple[int, int]]) -> MappedText:
    """The source pieces (start, end) minus the `cuts` spans, joined as they are."""
    result = MappedText.empty()
    for start, end in pieces:
        position = start
        for cut_start, cut_end in sorted(cuts):
            if cut_end <= position or cut_start >= end:
                continue
            if cut_start > position:
                result += MappedText.from_source(source, position, cut_start)
            position = max(position, cut_end)
        if position < end:
            result += MappedText.from_source(source, position, end)
    return result


def join_lines(source: str, lines: list[Line], cuts: list[tuple[int, int]], first_offset: int = 0) -> MappedText:
    """The text of `lines` minus `cuts`: hard-wrapped lines joined directly, paragraphs by "\\n".

    `first_offset` skips that many characters of the first line (its numbering marker).
    """
    result, previous = MappedText.empty(), None
    for index, line in enumerate(lines):
        start = line.start + (first_offset if index == 0 else 0)
        piece = pieces_text(source, [(start, line.end)], cuts).strip(STRIP_CHARS)
        if not piece.text:
            continue
        if previous is not None:
            result = result.append_separator("" if is_wrapped(previous) else "\n")
        result += piece
        previous = line
    return result
