"""Which lists exist, by region; which revision of each is in force on a date; and effective lists along chains."""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from ..errors import UserError
from ..findings import ERROR, Finding, Rule, RuleSet
from ..model.policy import Derivation, ListRevision
from .materialize import materialize

_AFTER_PARENT = "请先按该文件的提示改正上级清单，再运行 qingdan check"
RULES = RuleSet(
    "县（区）清单推导",
    Rule("PARENT_SELF", ERROR, "推导", "推导文件以本地区自己的清单为上级", "清单不能以本地区自己的清单为上级",
         "parent.region 应为上级地区（如大同市 140200）的代码"),
    Rule("PARENT_NOT_FOUND", ERROR, "推导", "推导文件所依据的上级清单修订版不存在",
         "找不到上级清单 {code} 的修订版“{revision}”", "{known}"),
    Rule("PARENT_BROKEN", ERROR, "推导", "上级清单有错误，本清单无法生成（错误报告在上级清单上）",
         {"broken": "上级清单 {name}（{code}）修订版 {revision} 有错误（见 {path}），本清单无法生成",
          "unreadable": "找不到上级清单 {code} 的修订版“{revision}”：该地区的清单文件 {files} 有错误，没有读入（见该文件），"
                        "本清单无法生成"},
         _AFTER_PARENT),
    Rule("PARENT_CYCLE", ERROR, "推导", "推导文件的上级关系形成了循环", "上级关系形成了循环：{path}（箭头指向上级）",
         "请检查各清单的 parent 设置"),
)

Entry = ListRevision | Derivation


class LookupError_(UserError, LookupError):
    """A region, revision or date the user asked for does not exist; the message is for the user."""


def is_county_level(code: str) -> bool:
    """GB/T 2260: provinces end in 0000, prefecture-level cities in 00, county-level divisions otherwise."""
    return not code.endswith("00")


def region_ancestors(code: str) -> list[str]:
    """The GB/T 2260 regions above ``code``, nearest first: a county's city and province, a city's province."""
    ancestors = [] if code.endswith("00") else [code[:4] + "00"]
    return ancestors + ([] if code.endswith("0000") else [code[:2] + "0000"])


def parent_broken(child: Derivation, parent: Entry) -> Finding:
    """The follow-on finding on a derivation whose parent list has errors of its own (reported on the parent)."""
    return RULES["PARENT_BROKEN"].at(child.locate(("parent",)), variant="broken", name=parent.region_name,
                                     code=parent.region_code, revision=parent.revision_id, path=parent.path)


@dataclass
class Catalog:
    entries_by_region: dict[str, list[Entry]]  # each sorted by effective date
    findings: list[Finding] = field(default_factory=list)  # problems found while materialising
    # Files under lists/<code>/ that were found but could not be loaded, by region code (their findings say why).
    unreadable: dict[str, list[str]] = field(default_factory=dict)
    _effective: dict[int, ListRevision | None] = field(default_factory=dict, repr=False)  # finished derivations only
    _cyclic: set[int] = field(default_factory=set, repr=False)

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

    def parent_region(self, entry: Entry) -> str | None:
        """The region whose list ``entry`` must not be weaker than: a derivation's named parent; for a list written
        in full, the nearest GB/T 2260 ancestor that publishes a list (a county's city, else its province)."""
        if isinstance(entry, Derivation):
            return entry.parent_region
        return next((code for code in region_ancestors(entry.region_code) if code in self.entries_by_region), None)

    def lineage(self, entry: Entry) -> list[Entry]:
        """``entry`` and every entry it derives from, nearest first (up to a missing parent or a cycle)."""
        chain = [entry]
        while isinstance(chain[-1], Derivation):
            parent = self.find(chain[-1].parent_region, chain[-1].parent_revision)
            if parent is None or any(parent is seen for seen in chain):
                break
            chain.append(parent)
        return chain

    def effective(self, entry: Entry) -> ListRevision | None:
        """The effective list of an entry: itself for a list, the materialised parent chain for a derivation.

        None when it cannot be made; the cause is in ``findings``, on the file that has it (a missing parent, a
        cycle), and as PARENT_BROKEN on every derivation below it.
        """
        if isinstance(entry, ListRevision):
            return entry
        if id(entry) not in self._effective:
            self._effective[id(entry)] = self._materialize(entry, ())
        return self._effective[id(entry)]

    def _materialize(self, derivation: Derivation, waiting: tuple[Derivation, ...]) -> ListRevision | None:
        """``waiting``: the derivations below this one whose materialisation needs it (a cycle returns to one)."""
        at = derivation.locate(("parent",))
        if derivation.parent_region == derivation.region_code:
            self.findings.append(RULES["PARENT_SELF"].at(at))
            return None
        parent = self.find(derivation.parent_region, derivation.parent_revision)
        if parent is None:
            self.findings.append(self._parent_not_found(derivation))
            return None
        if isinstance(parent, Derivation):
            if any(parent is d for d in waiting):
                self._report_cycle([*waiting[[id(d) for d in waiting].index(id(parent)):], derivation])
                return None
            if id(parent) not in self._effective:
                self._effective[id(parent)] = self._materialize(parent, (*waiting, derivation))
            parent_list = self._effective[id(parent)]
            if parent_list is None:
                if id(derivation) not in self._cyclic:  # a cycle member already has its finding
                    self.findings.append(parent_broken(derivation, parent))
                return None
        else:
            parent_list = parent
        revision, findings = materialize(parent_list, derivation)
        self.findings.extend(findings)
        return revision

    def _parent_not_found(self, derivation: Derivation) -> Finding:
        at = derivation.locate(("parent",))
        code = derivation.parent_region
        if code in self.unreadable:
            return RULES["PARENT_BROKEN"].at(at, variant="unreadable", code=code, revision=derivation.parent_revision,
                                             files="、".join(self.unreadable[code]))
        known = "、".join(e.revision_id for e in self.entries_by_region.get(code, []))
        return RULES["PARENT_NOT_FOUND"].at(at, code=code, revision=derivation.parent_revision,
                                            known=f"该地区已有的修订：{known}" if known else
                                            f"已有的地区：{self.known_regions_text()}")

    def _report_cycle(self, cycle: list[Derivation]) -> None:
        """One PARENT_CYCLE on every member, each naming the whole circle starting from itself."""
        for index, member in enumerate(cycle):
            self._cyclic.add(id(member))
            circle = [*cycle[index:], *cycle[:index], member]
            path = " → ".join(f"{d.region_name}（{d.region_code}）" for d in circle)
            self.findings.append(RULES["PARENT_CYCLE"].at(member.locate(("parent",)), path=path))

    def effective_in_force(self, code: str, as_of: datetime.date) -> ListRevision:
        entry = self.in_force(code, as_of)
        revision = self.effective(entry)
        if revision is None:
            raise LookupError_(f"{entry.region_name}的清单无法生成（上级清单有问题），请先运行 qingdan check")
        return revision
