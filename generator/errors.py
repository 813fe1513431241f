"""The project's exceptions and the exit codes they stand for (README, 命令行).

- 0: clean — the command did what was asked and found nothing wrong;
- 1 (:data:`EXIT_PROBLEMS`): findings, or a problem the user can fix (a file, a region, a date, a profile): a
  :class:`UserError` says what to do, a :class:`PolicyError` carries the findings;
- 2 (:data:`EXIT_USAGE`): the command line itself is wrong (an unknown option, a missing argument): click's message,
  in Chinese;
- 3 (:data:`EXIT_INTERNAL`): a defect of this program (any other exception), said in one Chinese line.
"""
from __future__ import annotations

from .findings import Finding

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class QingdanError(Exception):
    """Something the user can act on; ``exit_code`` is what the command line exits with."""

    exit_code = EXIT_PROBLEMS


class UserError(QingdanError):
    """A problem the user can fix; the message says what and how, in Chinese."""


class PolicyError(QingdanError):
    """Input that cannot be used at all; carries every finding collected so far."""

    def __init__(self, findings: list[Finding]):
        super().__init__("\n".join(f.format_text() for f in findings))
        self.findings = findings
