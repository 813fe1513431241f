"""The check's rule IDs, read from the checking code itself so the editors' page can never fall behind it.

Every finding is created by a call (or a returned tuple) whose first upper-case string is the rule ID and whose
next Chinese string is the message, e.g. ``Finding("NO_POLICY_FILES", "没有找到任何清单文件", …, hint="…")`` or
``self.error("UNKNOWN_FACT", f"词表中没有事实“{name}”", …)``. This module walks the source of the checking stages
with :mod:`ast` and collects, per rule ID, its messages (placeholders shown as “…”), hints, severity and module.
The comparison stage keeps a registry (``generator.compare.rules.RULES``: ID, severity, category, purpose); it is
imported and merged in, so those rules also carry their purpose and category.
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

RULE_ID = re.compile(r"^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$")
CJK = re.compile(r"[\u4e00-\u9fff]")

# The stages whose findings editors see, in the order the check runs them, with a Chinese name for each.
STAGES = [
    ("loading/yamlsafe.py", "读取 YAML 文件"),
    ("loading/schema.py", "数据结构（JSON Schema）"),
    ("loading/repository.py", "读取政策目录"),
    ("loading/profile_input.py", "读取个人情况（qingdan eligibility）"),
    ("loading", "读取政策目录"),
    ("model/semantics.py", "含义检查（名称、取值、编号）"),
    ("model", "含义检查（名称、取值、编号）"),
    ("derive", "县（区）清单推导"),
    ("compare", "县（区）清单对照"),
    ("checking.py", "县（区）清单对照"),
]
SCANNED = ["loading", "model", "derive", "compare", "checking.py"]
REGISTRY_CONSTRUCTORS = {"Rule"}  # calls that declare a rule in the registry rather than report a finding
MIN_RULE_LENGTH = 4  # "SCHEMA" is a rule; short words such as "OK" are not
MIN_MESSAGE_LENGTH = 4  # fragments such as "享受" (a word passed into a message template) are not messages


@dataclass
class RuleInfo:
    id: str
    stage: str
    module: str
    severity: str = "error"
    messages: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)
    category: str = ""
    purpose: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS.get(self.severity, self.severity)


SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


def _text(node: ast.AST) -> str | None:
    """A string literal or f-string as text, placeholders as “…”."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
            else:
                parts.append("…")
        return "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left), _text(node.right)
        if left is not None or right is not None:
            return (left or "…") + (right or "…")
    return None


def _rule_in(values: list[ast.AST]) -> tuple[str, str | None, str | None] | None:
    """(rule ID, message, hint) when ``values`` (call arguments or tuple items) create a finding."""
    for index, node in enumerate(values):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and RULE_ID.match(node.value) \
                and len(node.value) >= MIN_RULE_LENGTH:
            texts = [t for t in (_text(v) for v in values[index + 1:]) if t and CJK.search(t)]
            if texts:
                return node.value, texts[0], texts[1] if len(texts) > 1 else None
            return None
    return None


def _stage(module: str) -> str:
    for prefix, name in STAGES:
        if module == prefix or module.startswith(prefix + "/"):
            return name
    return module


def collect_rules(code_root: Path | None = None) -> list[RuleInfo]:
    """Every rule ID the checking stages can report, in stage order then by ID."""
    root = code_root or Path(__file__).resolve().parents[1]
    rules: dict[str, RuleInfo] = {}

    def add(rule_id: str, module: str, message: str | None, hint: str | None, severity: str) -> None:
        info = rules.setdefault(rule_id, RuleInfo(rule_id, _stage(module), module))
        if severity == "warning":
            info.severity = "warning"
        if message and len(re.sub(r"[…“”（）]", "", message)) >= MIN_MESSAGE_LENGTH and message not in info.messages:
            info.messages.append(message)
        if hint and hint not in info.hints:
            info.hints.append(hint)

    for folder in SCANNED:
        target = root / folder
        paths = sorted(target.rglob("*.py")) if target.is_dir() else [target] if target.is_file() else []
        for path in paths:
            module = path.relative_to(root).as_posix()
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError):
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Call):
                    if isinstance(node.func, ast.Name) and node.func.id in REGISTRY_CONSTRUCTORS:
                        continue
                    found = _rule_in(list(node.args))
                    if found:
                        keywords = {k.arg: k.value for k in node.keywords if k.arg}
                        hint = _text(keywords["hint"]) if "hint" in keywords else found[2]
                        severity = keywords.get("severity")
                        level = "warning" if isinstance(severity, ast.Name) and severity.id == "WARNING" or \
                            isinstance(severity, ast.Constant) and severity.value == "warning" else "error"
                        add(found[0], module, found[1], hint if hint and CJK.search(hint) else None, level)
                elif isinstance(node, ast.Tuple):
                    found = _rule_in(list(node.elts))
                    if found:
                        add(found[0], module, found[1], found[2], "error")
                elif isinstance(node, ast.Dict):
                    for key, value in zip(node.keys, node.values):
                        text = _text(value) if value is not None else None
                        if isinstance(key, ast.Constant) and isinstance(key.value, str) \
                                and RULE_ID.match(key.value) and len(key.value) >= MIN_RULE_LENGTH \
                                and "_" in key.value and text and CJK.search(text):
                            add(key.value, module, text, None, "error")
    _merge_registry(rules)
    order = {name: index for index, (_, name) in enumerate(STAGES)}
    return sorted(rules.values(), key=lambda r: (order.get(r.stage, len(order)), r.id))


def _merge_registry(rules: dict[str, RuleInfo]) -> None:
    """Severity, category and purpose from the comparison stage's rule registry, when there is one."""
    try:
        from ..compare.rules import RULES
    except ImportError:
        return
    for rule in RULES.values():
        info = rules.setdefault(rule.id, RuleInfo(rule.id, _stage("compare"), "compare/rules.py"))
        info.severity = rule.severity
        info.category = rule.category
        info.purpose = rule.purpose
