"""One county draft on the 县区清单编制 page: its edits, its file and its check, by the project's own code.

The page's worker (docs/editors/draft/draft-worker.js) calls :meth:`Session.handle` with one message per change and
renders the view it returns; nothing in JavaScript decides anything. The draft is the derivation itself, as data
(what the file holds); every change rewrites the file with the writer of ``qingdan county new``
(:func:`generator.derive.scaffold.derivation_text`), writes it under the policy root as
``lists/<code>/<date>.yaml`` and runs :func:`generator.checking.check_policy` on it — the check of ``qingdan check``,
whose comparison is ``qingdan compare``'s. An uploaded file is checked byte for byte as it came, so its findings and
lines are the command line's; the form shows what it holds, and the first change writes it anew.

The policy root holds what a draft is checked against (the vocabulary, the schemas, the lists a county derives from
and their official texts), no county's own list: a draft is checked as its county's only list. Those files never
change during a session, so they are read once (``load``); every check reads only the draft again.
"""
from __future__ import annotations

import copy
import datetime
import json
import os
import re
import time
from pathlib import Path
from typing import Any

from ...checking import check_policy
from ...derive.catalog import LookupError_, is_county_level, region_ancestors
from ...derive.effective import build_catalog
from ...derive.scaffold import derivation_text, open_parameters, periodless_terms, region_name_problem, \
    scaffold_data
from ...errors import PolicyError
from ...findings import ERROR, WARNING, Finding
from ...loading.repository import DATE_KEYS, Repository, display_path, load_list_file, load_repository
from ...loading.yamlsafe import parse_yaml
from ...model.condition import Condition, comparisons_of, constant_at, set_constant
from ...model.content import FIELD_LABELS, OFFICIAL_FIELDS
from ...model.policy import ListRevision
from ..compliance import changes_status

CODE = re.compile(r"^[1-9][0-9]{5}$")
FILE_NAME = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._-]*\.yaml$")
PERIODS = ("日", "周", "月", "季", "年")
SERVICE_TYPES = ("物质帮助", "照护服务", "关爱服务")
STATUS = {"same": "符合", "higher": "符合", "lower": "不符合", "missing": "不符合"}
"""An item's verdict on the page: 符合 / 不符合 from the comparison (generator.site.compliance), 待填写 while a
value the parent leaves to the county is open."""
TO_FILL = "待填写"
ADDED_TERM = "service"  # the one term of an item the page adds: its standard, in words


class DraftError(Exception):
    """A change the page cannot make (a bad county code, say); the message is for the editor, in Chinese."""


def _ages(condition: Any) -> list[tuple]:
    """Where a condition as written sets an age threshold (``{fact: age, ge: N}``), in reading order."""
    return comparisons_of(condition, "age", "ge")


def _parsed(condition: Any) -> Condition | None:
    try:
        return Condition.parse(condition)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _groups_of(condition: Any) -> list[str] | None:
    """The groups an ``eligibility_any`` adds: ``{ref: g}`` or ``{any: [{ref: g}, …]}``; None for anything else."""
    if condition is None:
        return []
    parsed = _parsed(condition) if isinstance(condition, dict) else None
    if parsed is None:
        return None
    refs = parsed.children if parsed.op == "any" else (parsed,)
    if all(r.op == "ref" and r.label is None for r in refs):
        return [r.operand for r in refs]
    return None


def _set_or_drop(mapping: dict, key: str, value: Any, dropped: bool) -> None:
    """Write ``value`` under ``key``, or leave the key out when ``dropped`` (the parent's value, or nothing): a
    derivation holds only what differs from its parent."""
    if dropped:
        mapping.pop(key, None)
    else:
        mapping[key] = value


def _filled(parameter: Any) -> bool:
    return isinstance(parameter, dict) and parameter.get("value") is not None


def _json_safe(value: Any) -> Any:
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


class Session:
    """The draft of one county list, checked against the lists under ``root`` (see the module docstring)."""

    def __init__(self, root: Path, today: datetime.date | None = None):
        self.root = Path(root)
        self.today = today or datetime.date.today()
        self.base = load_repository(self.root)
        self.catalog = build_catalog(self.base)
        self.data: dict | None = None  # the derivation, as data (dates as text); None when the file cannot be read
        self.raw = b""  # the file as checked
        self.file: Path | None = None
        self.problem = ""  # why the last change could not be made
        self.uploaded = False  # the file is an upload not yet changed: the form shows it only if it loads

    # -- the parent ----------------------------------------------------------------------------------------------
    def parent_for(self, code: str) -> ListRevision:
        """The list a county derives from: its nearest ancestor's list in force today."""
        for ancestor in region_ancestors(code):
            if ancestor in self.catalog.entries_by_region:
                try:
                    return self.catalog.effective_in_force(ancestor, self.today)
                except LookupError_:
                    continue
        raise DraftError(f"没有找到 {code} 的上级清单：本页只能编制以下地区的下级清单："
                         f"{self.catalog.known_regions_text()}")

    def _parent(self) -> ListRevision | None:
        if self.data is not None:
            parent = self.data.get("parent")
            if isinstance(parent, dict):
                entry = self.catalog.find(str(parent.get("region")), str(parent.get("revision")))
                if entry is not None and self.catalog.effective(entry) is not None:
                    return self.catalog.effective(entry)
        code = self._code()
        try:
            return self.parent_for(code) if code else None
        except DraftError:
            return None

    def _code(self) -> str | None:
        region = (self.data or {}).get("region")
        code = str(region.get("code")) if isinstance(region, dict) else ""
        if CODE.match(code):
            return code
        if self.file is not None:
            return self.file.parent.name
        return None

    # -- messages from the page ----------------------------------------------------------------------------------
    def handle(self, message: dict) -> dict:
        """Apply one message from the page and return the view (see :meth:`view`)."""
        self.problem = ""
        self.uploaded = message["op"] == "upload"
        try:
            getattr(self, f"_on_{message['op']}")(message)
        except DraftError as exc:
            self.problem = str(exc)
        return self.view()

    def _on_new(self, message: dict) -> None:
        code, name = str(message.get("code", "")).strip(), str(message.get("name", ""))
        if not CODE.match(code) or not is_county_level(code):
            raise DraftError("县区代码应为六位数字的县级行政区划代码（不以 00 结尾），例如 140221")
        problem = region_name_problem(name)
        if problem:
            raise DraftError(problem.replace("--name ", ""))
        parent = self.parent_for(code)
        self._edited(_json_safe(scaffold_data(code, name, parent, self.today)))

    def _on_restore(self, message: dict) -> None:
        """The draft kept in the browser's local storage: the file as it was last checked, and the form's data."""
        data = message.get("data")
        self.data = data if isinstance(data, dict) else None
        self._write(str(message.get("name") or ""), str(message.get("text", "")).encode("utf-8"))

    def _on_upload(self, message: dict) -> None:
        raw = bytes(message["data"])
        try:
            doc = parse_yaml(raw.decode("utf-8-sig"), "", date_keys=DATE_KEYS)
            data = doc.data if isinstance(doc.data, dict) else None
        except (PolicyError, UnicodeDecodeError):  # the check below tells what is wrong, as the command line does
            data = None
        region = (data or {}).get("region")
        code = str(region.get("code")) if isinstance(region, dict) else ""
        kept = self.data
        self.data = data if data is not None and data.get("kind") == "derivation" else None
        try:
            self._write(str(message.get("name", "")), raw, code if CODE.match(code) else None)
        except DraftError:
            self.data, self.uploaded = kept, False  # the draft before stays as it was
            raise

    def _change(self) -> tuple[dict, ListRevision]:
        if self.data is None:
            raise DraftError("上传的文件有错误，表单无法显示它：请按下面列出的问题改正文件后重新上传，或新建草稿")
        parent = self._parent()
        if parent is None:
            raise DraftError("找不到草稿所依据的上级清单修订版（parent），请新建草稿")
        return self.data, parent

    def _item_change(self, item_id: str) -> dict:
        data, parent = self._change()
        if parent.content.item(item_id) is None:
            raise DraftError(f"上级清单中没有项目“{item_id}”")
        items = data.setdefault("items", {})
        if not isinstance(items, dict):
            raise DraftError("文件中的 items 不是按项目标识书写的修改，表单无法修改它")
        return items.setdefault(item_id, {})

    def _on_revision(self, message: dict) -> None:
        data, _ = self._change()
        field, value = message["field"], str(message.get("value", ""))
        revision = data.setdefault("revision", {})
        if field not in ("id", "document_number", "issuer", "published", "effective"):
            raise DraftError(f"未知的发布信息“{field}”")
        revision[field] = value
        self._edited(data)

    def _on_parameter(self, message: dict) -> None:
        data, parent = self._change()
        name, value = message["name"], message.get("value")
        if name not in parent.content.parameters:
            raise DraftError(f"上级清单中没有参数“{name}”")
        data.setdefault("parameters", {}).setdefault(name, {})["value"] = value
        self._edited(data)

    def _on_term(self, message: dict) -> None:
        item_id, term_id, field, value = message["item"], message["term"], message["field"], message.get("value")
        change = self._item_change(item_id)
        if field not in ("value", "period"):
            raise DraftError(f"未知的标准字段“{field}”")
        terms = change.setdefault("terms", {})
        _set_or_drop(terms.setdefault(term_id, {}), field, value, value is None or value == "")
        self._tidy(item_id)
        self._edited(self.data)

    def _on_age(self, message: dict) -> None:
        """Lower (or change) the ``index``-th age threshold of an item's eligibility; the rest as the parent's."""
        item_id, index, value = message["item"], int(message["index"]), message.get("value")
        change = self._item_change(item_id)
        _, parent = self._change()
        own = parent.data["items"][[i.id for i in parent.content.items].index(item_id)]["eligibility"]
        current = copy.deepcopy(change.get("eligibility", own))
        ages, parents = _ages(current), _ages(own)
        if len(ages) != len(parents) or not 0 <= index < len(ages):
            raise DraftError("文件中本项的资格条件已改写，表单无法修改其中的年龄")
        set_constant(current, ages[index],
                     constant_at(own, parents[index]) if value is None or value == "" else value)
        _set_or_drop(change, "eligibility", current, current == own)
        self._tidy(item_id)
        self._edited(self.data)

    def _on_groups(self, message: dict) -> None:
        """Widen an item to more groups (the parent list's definitions): its ``eligibility_any``."""
        item_id, groups = message["item"], [str(g) for g in message.get("groups", [])]
        change = self._item_change(item_id)
        _, parent = self._change()
        unknown = [g for g in groups if g not in parent.content.definitions]
        if unknown:
            raise DraftError(f"上级清单中没有人群“{'、'.join(unknown)}”")
        widened = {"ref": groups[0]} if len(groups) == 1 else {"any": [{"ref": g} for g in groups]}
        _set_or_drop(change, "eligibility_any", widened, not groups)
        self._tidy(item_id)
        self._edited(self.data)

    def _on_official(self, message: dict) -> None:
        item_id, field, value = message["item"], message["field"], str(message.get("value", ""))
        change = self._item_change(item_id)
        _, parent = self._change()
        if field not in FIELD_LABELS:
            raise DraftError(f"未知的原文字段“{field}”")
        _set_or_drop(change.setdefault("official", {}), field, value,
                     value == parent.content.item(item_id).official.get(field))
        self._tidy(item_id)
        self._edited(self.data)

    def _added_item(self, fields: dict) -> dict:
        """An item the county adds, from the page's fields: its official text, who qualifies (a group of the parent
        list, from an age if given) and its standard in words."""
        group, age = fields.get("group") or "elderly", fields.get("age")
        eligibility = {"ref": group} if age in (None, "") else {"all": [{"ref": group}, {"fact": "age", "ge": age}]}
        official = {key: str(fields.get(key, "")) for key, _ in OFFICIAL_FIELDS}
        return {"id": str(fields.get("id", "")), "official": official, "eligibility": eligibility,
                "terms": [{"id": ADDED_TERM, "kind": "text", "label": official["name"] or "服务标准",
                           "text": official["standard"]}]}

    def _on_add_item(self, message: dict) -> None:
        data, _ = self._change()
        data.setdefault("added_items", []).append(self._added_item(message.get("fields", {})))
        self._edited(data)

    def _on_edit_added(self, message: dict) -> None:
        data, _ = self._change()
        data["added_items"][int(message["index"])] = self._added_item(message.get("fields", {}))
        self._edited(data)

    def _on_remove_added(self, message: dict) -> None:
        data, _ = self._change()
        del data["added_items"][int(message["index"])]
        self._edited(data)

    def _tidy(self, item_id: str) -> None:
        """Only the changes: an item change left empty goes (a period the parent leaves open stays asked for)."""
        items = self.data["items"]
        change = items[item_id]
        for key in ("official", "terms"):
            if key in change and not change[key]:
                del change[key]
        periodless = {t.id for t in periodless_terms(self._parent()).get(item_id, (None, []))[1]}
        for term_id in list(change.get("terms", {})):
            if not change["terms"][term_id] and term_id not in periodless:
                del change["terms"][term_id]
        if "terms" in change and not change["terms"]:
            del change["terms"]
        if not change and item_id not in periodless_terms(self._parent()):
            del items[item_id]

    # -- the file ------------------------------------------------------------------------------------------------
    def _edited(self, data: dict) -> None:
        self.data = data
        parent = self._parent()
        name = f"{(data.get('revision') or {}).get('published') or self.today.isoformat()}.yaml"
        self._write(name, derivation_text(parent, data).encode("utf-8"))

    def _write(self, name: str, raw: bytes, code: str | None = None) -> None:
        """Put the file where ``qingdan check`` would read it: lists/<code>/<name> under the policy root."""
        code = code or self._code() or "140299"
        if not is_county_level(code):  # a city's file would stand beside (or over) the list it is checked against
            raise DraftError(f"本页编制县（区）清单；这个文件是 {code} 的清单，不是县（区）的。市级、省级清单请按编辑指南"
                             "用命令行 qingdan check 检查")
        if not FILE_NAME.match(name):
            name = f"{self.today.isoformat()}.yaml"
        if self.file is not None and self.file.exists():
            self.file.unlink()
        self.file = self.root / "lists" / code / name
        self.file.parent.mkdir(parents=True, exist_ok=True)
        self.file.write_bytes(raw)
        self.raw = raw

    def _load(self, root: Path, progress) -> Repository:
        """The repository as ``load_repository`` reads it with the draft in it: the unchanged files as first read."""
        base = self.base
        repo = Repository(root, base.vocabulary, list(base.revisions), list(base.derivations), list(base.findings),
                          base.files_checked)
        load_list_file(repo, self.file, set())
        return repo

    # -- the view ------------------------------------------------------------------------------------------------
    def view(self) -> dict:
        """What the page shows: the file, its findings as ``qingdan check`` gives them, and each item's verdict."""
        if self.file is None:
            return {"problem": self.problem, "draft": None}
        started = time.perf_counter()
        snapshot = check_policy(self.root, self.today, load=self._load)
        path = display_path(self.file)
        findings = snapshot.reported([path])
        if self.uploaded and not any(d.path == path for d in snapshot.repo.derivations):
            self.data = None  # not a derivation that loads: the findings say why; the form cannot show it
        checked_ms = (time.perf_counter() - started) * 1000
        edge = snapshot.comparisons.get(path)
        parent = edge.parent if edge is not None else self._parent()
        text = self.raw.decode("utf-8", errors="replace")
        return {
            "problem": self.problem,
            "draft": {
                "path": path,
                "name": self.file.name,
                "code": self._code(),
                "text": text,
                "data": _json_safe(self.data) if self.data is not None else None,
                "editable": self.data is not None and parent is not None,
                "ok": not any(f.severity == ERROR for f in findings),
                "errors": sum(f.severity == ERROR for f in findings),
                "warnings": sum(f.severity == WARNING for f in findings),
                "findings": [_finding(f) for f in findings],
                "parent": None if parent is None else {"code": parent.region_code, "name": parent.region_name,
                                                        "revision": parent.revision_id},
                "revision": (self.data or {}).get("revision") if isinstance((self.data or {}).get("revision"),
                                                                            dict) else None,
                "region": (self.data or {}).get("region"),
                "open": self._open_values(parent) if parent is not None else [],
                "items": self._items(parent, edge, findings) if parent is not None else [],
                "added": self._added(edge, findings),
                "groups": [{"name": n, "label": d.label} for n, d in parent.content.definitions.items()]
                if parent is not None else [],
                "periods": list(PERIODS),
                "service_types": list(SERVICE_TYPES),
                "checked_ms": round(checked_ms, 1),
            },
        }

    def _open_values(self, parent: ListRevision) -> list[dict]:
        """The values the parent leaves to the county: each open parameter, and each period left open with it."""
        data = self.data or {}
        parameters = data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
        items = data.get("items") if isinstance(data.get("items"), dict) else {}
        values = []
        for name, param in open_parameters(parent).items():
            own = parameters.get(name) if isinstance(parameters.get(name), dict) else {}
            values.append({"kind": "parameter", "name": name, "label": param.label, "text": param.text,
                           "unit": param.unit_text, "value": own.get("value")})
        for item_id, (item, terms) in periodless_terms(parent).items():
            change = items.get(item_id) if isinstance(items.get(item_id), dict) else {}
            own_terms = change.get("terms") if isinstance(change.get("terms"), dict) else {}
            for term in terms:
                own = own_terms.get(term.id) if isinstance(own_terms.get(term.id), dict) else {}
                values.append({"kind": "period", "item": item_id, "term": term.id, "number": item.number,
                               "label": f"第{item.number}项“{term.label}”的发放周期", "value": own.get("period")})
        return values

    def _items(self, parent: ListRevision, edge, findings: list[Finding]) -> list[dict]:
        data = self.data or {}
        changes = data.get("items") if isinstance(data.get("items"), dict) else {}
        parameters = data.get("parameters") if isinstance(data.get("parameters"), dict) else {}
        by_item: dict[str, list] = {}
        for change in edge.changes if edge is not None else ():
            by_item.setdefault(change.item["id"], []).append(change)
        child = edge.child if edge is not None else None
        facts = self.base.vocabulary.facts
        parent_wording = parent.content.wording(facts)
        child_wording = child.content.wording(facts) if child is not None else None
        open_params = open_parameters(parent)
        rows = []
        for index, item in enumerate(parent.content.items):
            change = changes.get(item.id) if isinstance(changes.get(item.id), dict) else {}
            own_terms = change.get("terms") if isinstance(change.get("terms"), dict) else {}
            mine = child.content.item(item.id) if child is not None else None
            terms = []
            for term in item.terms:
                own = own_terms.get(term.id) if isinstance(own_terms.get(term.id), dict) else {}
                literal = isinstance(getattr(term, "value", None), (int, float)) and not isinstance(term.value, bool)
                child_term = next((t for t in mine.terms if t.id == term.id), None) if mine is not None else None
                terms.append({
                    "id": term.id, "label": term.label, "kind": term.KIND, "noun": term.NOUN,
                    "direction": term.DIRECTION, "unit": getattr(term, "unit", "") or "",
                    "parent_text": term.describe(parent.content.parameters)[0],
                    "child_text": child_term.describe(child.content.parameters)[0] if child_term is not None else "",
                    "editable": literal, "parent_value": term.value if literal else None,
                    "value": own.get("value", term.value if literal else None),
                })
            raw = parent.data["items"][index]["eligibility"]
            written = change.get("eligibility", raw)
            leaves, own_leaves = _ages(raw), _ages(written)
            groups = _groups_of(change.get("eligibility_any"))
            item_changes = by_item.get(item.id, [])
            unfilled = self.data is not None and (
                any(t.param in open_params and not _filled(parameters.get(t.param)) for t in item.terms)
                or any(not (own_terms.get(t.id) or {}).get("period")
                       for t in periodless_terms(parent).get(item.id, (None, []))[1]))
            verdict = [c for c in item_changes if c.rule.id != "PARAMETER_UNFILLED"]  # 待填写, below
            status = STATUS[changes_status(verdict)] if edge is not None else ""
            if status == "符合" and unfilled:
                status = TO_FILL
            number = item.number
            rows.append({
                "number": number, "id": item.id, "name": item.name,
                "official": [[FIELD_LABELS[key], item.official[key]] for key, _ in OFFICIAL_FIELDS
                             if key in item.official],
                "standard": (change.get("official") or {}).get("standard", item.official.get("standard", "")),
                "terms": terms,
                "eligibility": {
                    "parent_text": item.eligibility.text(parent_wording),
                    "child_text": mine.eligibility.text(child_wording) if mine is not None else "",
                    "ages": [{"index": i, "parent": constant_at(raw, leaf),
                              "value": constant_at(written, own_leaves[i])}
                             for i, leaf in enumerate(leaves)] if len(own_leaves) == len(leaves) else [],
                    "groups": groups if groups is not None else [],
                    "rewritten": groups is None or len(own_leaves) != len(leaves),
                },
                "status": status,
                "better": any(c.rule.severity == "info" for c in item_changes),
                "improvements": [_improvement(c) for c in item_changes if c.rule.severity == "info"],
                "messages": [_finding(f) for f in findings if (f.extra.get("item") or {}).get("id") == item.id],
            })
        return rows

    def _added(self, edge, findings: list[Finding]) -> list[dict]:
        data = self.data or {}
        added = data.get("added_items") if isinstance(data.get("added_items"), list) else []
        rows = []
        for index, item in enumerate(added):
            if not isinstance(item, dict):
                continue
            official = item.get("official") if isinstance(item.get("official"), dict) else {}
            eligibility = item.get("eligibility")
            group, age = "", None
            parsed = _parsed(eligibility) if isinstance(eligibility, dict) else None
            if parsed is not None and parsed.op in ("ref", "all"):
                parts = parsed.children if parsed.op == "all" else (parsed,)
                group = next((c.operand for c in parts if c.op == "ref"), "")
                age = next((c.value for c in parts if c.op == "fact" and c.operand == "age" and c.test == "ge"), None)
            item_id = item.get("id", "")
            mine = [f for f in findings if (f.extra.get("item") or {}).get("id") == item_id and item_id]
            improvements = [_improvement(c) for c in (edge.changes if edge is not None else ())
                            if c.rule.severity == "info" and c.item["id"] == item_id]
            fields = {"id": item_id, **{key: official.get(key, "") for key, _ in OFFICIAL_FIELDS}, "group": group,
                      "age": age}
            added_here = edge is not None and any(c.rule.id == "ITEM_ADDED" and c.item["id"] == item_id
                                                  for c in edge.changes)
            rows.append({"index": index, "fields": fields, "status": "新增" if added_here else "",
                         "improvements": improvements, "messages": [_finding(f) for f in mine]})
        return rows


def _improvement(change) -> dict:
    """Where the draft does better than its parent (``qingdan compare`` lists these; the check does not)."""
    return {"rule": change.rule.id, "message": change.message, "item": change.item["number"]}


def _finding(finding: Finding) -> dict:
    """A finding as ``qingdan check --format json`` gives it, with its item's number for the page."""
    data = finding.to_json()
    return {"rule": data["rule"], "severity": data["severity"], "line": finding.location.line,
            "col": finding.location.col, "location": str(finding.location), "message": data["message"],
            "hint": data.get("hint", ""), "item": (finding.extra.get("item") or {}).get("number")}


def start(root: str, today: str | None = None) -> Session:
    """The session the worker keeps (the working folder is the policy root's parent, so that paths read
    ``policy/lists/…`` as on the command line)."""
    os.chdir(Path(root).parent)
    return Session(Path(root), datetime.date.fromisoformat(today) if today else None)
