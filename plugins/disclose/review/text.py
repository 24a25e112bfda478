"""Text preparation for the check: normalisation that keeps offsets, positions, masking."""

from __future__ import annotations

import bisect
import re

# Full-width digits, letters and the symbols identifiers are written with map 1:1 to ASCII
# (what NFKC does to them), so an offset means the same in the original and the normalised
# text. Chinese punctuation (，：（）) is left alone: rules accept both forms where it matters,
# and most files then need no translation at all, which keeps the check fast.
_FULLWIDTH_CHARS = "０１２３４５６７８９ＡＢＣＤＥＦＧＨＩＪＫＬＭＮＯＰＱＲＳＴＵＶＷＸＹＺ" \
                   "ａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＊－＋＠．＿　"
_TABLE = str.maketrans({c: chr(ord(c) - 0xFEE0) if c != "　" else " " for c in _FULLWIDTH_CHARS})
_NEEDS = re.compile(f"[{re.escape(_FULLWIDTH_CHARS)}]")


_MAP = {c: chr(ord(c) - 0xFEE0) if c != "　" else " " for c in _FULLWIDTH_CHARS}
_RUN = re.compile(f"[{re.escape(_FULLWIDTH_CHARS)}]+")


def normalise(text: str) -> str:
    """Full-width identifier characters as ASCII; same length, so offsets are shared.

    Runs of them are replaced where they occur: str.translate with a table looks up every
    character of the file and cost a third of the check of a large document.
    """
    if not _NEEDS.search(text):
        return text
    return _RUN.sub(lambda m: m.group().translate(_TABLE), text)


class Lines:
    """Maps offsets to 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.text = text

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset, both 1-based."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line without its newline."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return self.text[start:end]

    def span(self, line: int) -> tuple[int, int]:
        """Start and end offsets of a 1-based line."""
        start = self.starts[line - 1]
        end = self.starts[line] - 1 if line < len(self.starts) else len(self.text)
        return start, end


_DIGIT_RUN = re.compile(r"[0-9][0-9*xX \-]{5,}[0-9*xX]|[0-9]{6,}")
_EMAIL = re.compile(r"([A-Za-z0-9._%+-]{1,64})@")


def mask_identifier(value: str) -> str:
    """Hide the middle of an identifier in place: 330802199001011234 -> 3308**********1234.

    Separators stay where they are, so the masked text has the length of the original.
    """
    positions = [i for i, c in enumerate(value) if c not in " -"]
    n = len(positions)
    if n >= 15:
        head, tail = 4, 4
    elif n >= 10:
        head, tail = 3, 4
    else:
        head, tail = 2, 2
    hidden = set(positions[head:n - tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(value))


def mask_text(text: str) -> str:
    """Mask identifier-like runs (6+ digits) and e-mail local parts; length is preserved."""
    def digits(m: re.Match[str]) -> str:
        run = m.group(0)
        return mask_identifier(run) if sum(c.isdigit() for c in run) >= 6 else run

    text = _DIGIT_RUN.sub(digits, text)
    return _EMAIL.sub(lambda m: m.group(1)[:1] + "*" * (len(m.group(1)) - 1) + "@", text)


def restore_unmasked(masked: str, normalised: str, raw: str) -> str:
    """Show the original characters wherever masking did not change the normalised text."""
    return "".join(m if m != n else r for m, n, r in zip(masked, normalised, raw, strict=True))


def mask_name(name: str) -> str:
    """张三丰 -> 张**."""
    return name[:1] + "*" * (len(name) - 1)
