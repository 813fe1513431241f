"""Every finding the test suite produces speaks Chinese, and comes from a registered rule (generator/rulebook.py).

One audit per test process (each pytest-xdist worker has its own): it sees every :class:`generator.findings.Finding`
created in the process, and every finding the real command line prints (``run_qingdan`` hands it the output, text or
JSON). A message or hint is an offender when it has no Chinese character, or when, outside quotation marks, it holds
an English phrase (three or more English words in a row, the shape of a library's message such as "mapping values
are not allowed"). tests/conftest.py fails the session at its end, listing the offenders.
"""
from __future__ import annotations

import json
import re

from generator.findings import Finding
from generator.rulebook import rules

REGISTERED = set(rules())

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"|'[^']*'|`[^`]*`")  # quoted user input, identifiers, commands
ENGLISH_PHRASE = re.compile(r"(?<![A-Za-z])[A-Za-z]{2,}(?: [A-Za-z]{2,}){2,}(?![A-Za-z])")
PRINTED = re.compile(r"^\S.*?: (?:error|warning|info)\[(?P<rule>[A-Z][A-Z0-9_]*)\] (?P<message>.*)$")
PRINTED_HINT = "    提示："
MAX_OFFENDERS = 50


def problem_with(text: str) -> str | None:
    """Why ``text`` (a message or a hint) would not read as Chinese to an editor, or None."""
    if not CJK.search(text):
        return "没有中文"
    phrase = ENGLISH_PHRASE.search(QUOTED.sub("", text))
    return f"含有英文句子“{phrase.group()}”" if phrase else None


class FindingAudit:
    def __init__(self) -> None:
        self.offenders: dict[tuple[str, str], str] = {}  # (rule, text) -> what is wrong with it
        self.checked = 0
        self._original_init = None

    def check(self, rule: str, message: str, hint: str = "") -> None:
        self.checked += 1
        if rule not in REGISTERED and len(self.offenders) < MAX_OFFENDERS:
            self.offenders.setdefault((rule, message), "规则不在任何登记表中（generator/rulebook.py）")
        for text in (message, hint):
            problem = problem_with(text) if text else None
            if problem and len(self.offenders) < MAX_OFFENDERS:
                self.offenders.setdefault((rule, text), problem)

    def read_output(self, stdout: str, stderr: str = "") -> None:
        """The findings a command printed: ``path:line:col: severity[RULE] message`` lines (and the first line of
        the hint below each), or the ``findings`` of a JSON report."""
        try:
            report = json.loads(stdout)
        except ValueError:
            report = None
        if isinstance(report, dict) and isinstance(report.get("findings"), list):
            for finding in report["findings"]:
                self.check(finding["rule"], finding["message"], finding.get("hint", ""))
        lines = (stdout + "\n" + stderr).splitlines()
        for index, line in enumerate(lines):
            printed = PRINTED.match(line)
            if printed:
                following = lines[index + 1] if index + 1 < len(lines) else ""
                hint = following[len(PRINTED_HINT):] if following.startswith(PRINTED_HINT) else ""
                self.check(printed["rule"], printed["message"], hint)

    def install(self) -> None:
        """Watch every Finding this process creates."""
        original = self._original_init = Finding.__init__
        audit = self

        def init(finding, *args, **kwargs):
            original(finding, *args, **kwargs)
            audit.check(finding.rule, finding.message, finding.hint)

        Finding.__init__ = init

    def uninstall(self) -> None:
        if self._original_init is not None:
            Finding.__init__ = self._original_init
            self._original_init = None

    def report(self) -> str:
        lines = [f"{len(self.offenders)} 条检查结果不是中文或规则未登记（共检查 {self.checked} 条）："]
        lines += [f"  [{rule}] {problem}：{text!r}" for (rule, text), problem in self.offenders.items()]
        return "\n".join(lines)


AUDIT = FindingAudit()
