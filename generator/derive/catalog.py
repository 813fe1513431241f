"""Which lists exist, by region, and which revision of each is in force on a date."""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from ..model.policy import ListRevision


class LookupError_(LookupError):
    """A region or date the user asked for does not exist; the message is for the user."""


@dataclass
class Catalog:
    revisions_by_region: dict[str, list[ListRevision]]  # each sorted by effective date

    @property
    def regions(self) -> dict[str, str]:
        return {code: revisions[-1].region_name for code, revisions in sorted(self.revisions_by_region.items())}

    def known_regions_text(self) -> str:
        return "、".join(f"{name}（{code}）" for code, name in self.regions.items())

    def resolve_region(self, text: str) -> str:
        """A GB/T 2260 code or a Chinese name -> the code."""
        text = text.strip()
        if text in self.revisions_by_region:
            return text
        for code, name in self.regions.items():
            if text == name:
                return code
        raise LookupError_(f"未知的地区“{text}”。已有的地区：{self.known_regions_text()}")

    def in_force(self, code: str, as_of: datetime.date) -> ListRevision:
        revisions = self.revisions_by_region[code]
        current = [r for r in revisions if r.effective <= as_of]
        if not current:
            first = revisions[0]
            raise LookupError_(f"{first.region_name}的清单自 {first.effective.isoformat()} 起施行，"
                               f"{as_of.isoformat()} 时还没有清单")
        return current[-1]
