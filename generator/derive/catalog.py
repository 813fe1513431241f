"""Which lists exist, by region; which revision of each is in force on a date; and effective lists along chains."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..findings import Finding
from ..model.policy import Derivation, ListRevision
from .materialize import materialize

Entry = ListRevision | Derivation


class LookupError_(LookupError):
    """A region, revision or date the user asked for does not exist; the message is for the user."""


@dataclass
class Catalog:
    entries_by_region: dict[str, list[Entry]]  # each sorted by effective date
    findings: list[Finding] = field(default_factory=list)  # problems found while materialising
    _effective: dict[int, ListRevision | None] = field(default_factory=dict, repr=False)

    @property
    def revisions_by_region(self) -> dict[str, list[Entry]]:
        return self.entries_by_region

    @property
    def regions(self) -> dict[str, str]:
        return {code: entries[-1].region_name for code, entries in sorted(self.entries_by_region.items())}

    def known_regions_text(self) -> str:
        return "、".join(f"{name}（{code}）" for code, name in self.regions.items())

    def resolve_region(self, text: str) -> str:
        """A GB/T 2260 code or a Chinese name -> the code."""
        text = text.strip()
        if text in self.entries_by_region:
            return text
        for code, name in self.regions.items():
            if text == name:
                return code
        raise LookupError_(f"未知的地区“{text}”。已有的地区：{self.known_regions_text()}")

    def in_force(self, code: str, as_of: datetime.date) -> Entry:
        entries = self.entries_by_region[code]
        current = [e for e in entries if e.effective <= as_of]
        if not current:
            first = entries[0]
            raise LookupError_(f"{first.region_name}的清单自 {first.effective.isoformat()} 起施行，"
                               f"{as_of.isoformat()} 时还没有清单")
        return current[-1]

    def find(self, code: str, revision_id: str) -> Entry | None:
        return next((e for e in self.entries_by_region.get(code, []) if e.revision_id == revision_id), None)

    def effective(self, entry: Entry) -> ListRevision | None:
        """The effective list of an entry: itself for a list, the materialised parent chain for a derivation.

        None when the chain is broken (a missing parent, a cycle); the problem is recorded in ``findings``.
        """
        if isinstance(entry, ListRevision):
            return entry
        key = id(entry)
        if key not in self._effective:
            self._effective[key] = None  # marks "in progress": a cycle finds this and stops
            self._effective[key] = self._materialize(entry, seen=())
        return self._effective[key]

    def _materialize(self, derivation: Derivation, seen: tuple) -> ListRevision | None:
        parent = self.find(derivation.parent_region, derivation.parent_revision)
        at = derivation.locate(("parent",))
        if derivation.parent_region == derivation.region_code:
            self.findings.append(Finding("PARENT_SELF", "清单不能以本地区自己的清单为上级", at,
                                         hint="parent.region 应为上级地区（如大同市 140200）的代码"))
            return None
        if parent is None:
            known = "、".join(e.revision_id for e in self.entries_by_region.get(derivation.parent_region, []))
            hint = f"该地区已有的修订：{known}" if known else f"已有的地区：{self.known_regions_text()}"
            self.findings.append(Finding("PARENT_NOT_FOUND", f"找不到上级清单 {derivation.parent_region} 的修订版"
                                         f"“{derivation.parent_revision}”", at, hint=hint))
            return None
        if isinstance(parent, Derivation):
            if id(parent) in seen or parent is derivation:
                self.findings.append(Finding("PARENT_CYCLE", "上级关系形成了循环（A 以 B 为上级，B 又以 A 为上级）", at,
                                             hint="请检查各清单的 parent 设置"))
                return None
            if id(parent) in self._effective and self._effective[id(parent)] is None:
                self.findings.append(Finding("PARENT_CYCLE", "上级关系形成了循环（A 以 B 为上级，B 又以 A 为上级）", at,
                                             hint="请检查各清单的 parent 设置"))
                return None
            if id(parent) in self._effective:
                parent_list = self._effective[id(parent)]
            else:
                parent_list = self._materialize(parent, seen + (id(derivation),))
                self._effective[id(parent)] = parent_list
        else:
            parent_list = parent
        if parent_list is None:
            return None
        revision, findings = materialize(parent_list, derivation)
        self.findings.extend(findings)
        return revision

    def effective_in_force(self, code: str, as_of: datetime.date) -> ListRevision:
        entry = self.in_force(code, as_of)
        revision = self.effective(entry)
        if revision is None:
            raise LookupError_(f"{entry.region_name}的清单无法生成（上级清单有问题），请先运行 qingdan check")
        return revision

    def parent_code(self, code: str) -> str | None:
        entry = self.entries_by_region[code][-1]
        return entry.parent_region if isinstance(entry, Derivation) else None
