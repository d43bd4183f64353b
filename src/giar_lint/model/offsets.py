"""A reversible map from normalised text back to the original text.

Normalisation only ever replaces one character by one character (full-width → half-width) or
drops characters (whitespace inside CJK runs, page footers, wrapped line ends). So the map is
piecewise linear: a sorted list of segment starts, each saying "normalised index ``n`` is original
offset ``o``, and the following characters follow one for one until the next segment".
Lookups are a bisect; building is linear.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OffsetMap:
    norm_starts: tuple[int, ...]
    orig_starts: tuple[int, ...]
    length: int  # length of the normalised text
    orig_end: int  # original offset just past the last mapped character

    @classmethod
    def identity(cls, length: int, origin: int = 0) -> OffsetMap:
        return cls((0,), (origin,), length, origin + length)

    def to_original(self, index: int) -> int:
        """Original offset of the normalised character at ``index``.

        ``index == length`` maps just past the last character, so a half-open normalised range
        ``[i, j)`` maps to the original range ``[to_original(i), to_original_end(j))``."""
        if index >= self.length:
            return self.orig_end
        index = max(index, 0)
        seg = bisect_right(self.norm_starts, index) - 1
        return self.orig_starts[seg] + index - self.norm_starts[seg]

    def to_original_end(self, end: int) -> int:
        """Original offset just past the normalised character at ``end - 1``."""
        if end <= 0:
            return self.to_original(0)
        return self.to_original(end - 1) + 1

    def slice(self, start: int, end: int) -> OffsetMap:
        """The map of the normalised substring ``[start, end)``, re-based to index 0."""
        start = max(0, start)
        end = min(end, self.length)
        if end <= start:
            origin = self.to_original(start)
            return OffsetMap((0,), (origin,), 0, origin)
        first = bisect_right(self.norm_starts, start) - 1
        last = bisect_right(self.norm_starts, end - 1)
        norm = [0]
        orig = [self.to_original(start)]
        for k in range(first + 1, last):
            norm.append(self.norm_starts[k] - start)
            orig.append(self.orig_starts[k])
        return OffsetMap(tuple(norm), tuple(orig), end - start, self.to_original_end(end))


class OffsetMapBuilder:
    """Builds an :class:`OffsetMap` while the normalised text is appended piece by piece."""

    __slots__ = ("_last_orig", "_length", "_norm", "_orig")

    def __init__(self) -> None:
        self._norm: list[int] = []
        self._orig: list[int] = []
        self._length = 0
        self._last_orig = 0

    def append(self, orig_offset: int, count: int = 1) -> None:
        """Record that the next ``count`` normalised characters come from the original characters
        starting at ``orig_offset`` (one for one)."""
        if count <= 0:
            return
        expected = self._orig[-1] + (self._length - self._norm[-1]) if self._norm else None
        if expected != orig_offset:
            self._norm.append(self._length)
            self._orig.append(orig_offset)
        self._length += count
        self._last_orig = orig_offset + count

    def build(self) -> OffsetMap:
        if not self._norm:
            return OffsetMap((0,), (0,), 0, 0)
        return OffsetMap(tuple(self._norm), tuple(self._orig), self._length, self._last_orig)
