"""Which format a report follows: 2021, the 2019 trial format, the 2007 条例 layout, or unknown."""

from __future__ import annotations

import re
from collections.abc import Sequence

from giar_lint.model.report import FormatName, Part, Tables
from giar_lint.parse.document import RawPart

#: Headings of the 2007 条例 layout that the 2021/2019 formats do not have.
_HEADINGS_2007 = re.compile(
    r"概述|依申请公开政府信息(?:的)?情况|政府信息公开的?收费及减免情况|"
    r"因政府信息公开申请(?:提起)?行政复议、?提起行政诉讼的?情况"
)
_PARTS_2021 = frozenset({"overview", "applications"})


def detect_format(
    year: int | None, parts: Sequence[Part], raw_parts: Sequence[RawPart], tables: Tables
) -> FormatName:
    """The 2019 labels in table 二 or a single-row （六）其他处理 mean "2019"; 2021 labels mean
    "2021"; a 2007-style document without the 2021 parts means "2007"."""
    formats = [t.format for t in (tables.disclosure, tables.applications) if t is not None]
    if "2019" in formats:
        return "2019"
    if formats:
        return "2021"
    keys = {p.key for p in parts}
    if not keys & _PARTS_2021 and any(_HEADINGS_2007.search(r.heading.text) for r in raw_parts):
        return "2007"
    if tables.review_litigation is not None or keys:
        if year is not None and year < 2021:
            return "2019" if year >= 2019 else "unknown"
        return "2021"
    return "unknown"
