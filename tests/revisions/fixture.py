"""A fictitious second revision of the city list (marked ``fixture: true``), made from the real file by three edits.

The repository holds only the real 2024 revision; tests write this one into a copy of policy/. :func:`superseding`
is the one way every test makes such a revision (tests/site/sitebuild.py's fixture site too).
"""
from __future__ import annotations

from pathlib import Path

FIXTURE_DATE = "2025-01-01"
ADDED_ITEM = '''
  - number: 23
    id: city-meal-assistance
    official:
      target_group: 70周岁及以上老年人
      name: 老年助餐服务（测试用虚构）
      content: 为70周岁及以上老年人提供助餐服务（测试用虚构，不是正式内容）
      standard: 每餐补贴3元（测试用虚构）
      service_type: 照护服务
      department: 市民政局
    eligibility: {fact: age, ge: 70}
    terms:
      - {id: meal-subsidy, kind: amount, label: 助餐补贴, value: 3, unit: 元, per: 餐, bound: exact}
'''


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def superseding(text: str, date: str) -> str:
    """The real city file's text as a fictitious revision of ``date`` (fixture: true) superseding the real one."""
    text = replace_once(text, 'id: "2024-02-06"', f'id: "{date}"')
    text = replace_once(text, "  published: 2024-02-06\n  effective: 2024-02-06\n",
                        f"  published: {date}\n  effective: {date}\n  supersedes: \"2024-02-06\"\n  fixture: true\n")
    return replace_once(text, "  document_number: 同政办发〔2024〕6号\n", "  document_number: 测试用虚构修订\n")


def write_fixture_revision(policy: Path) -> Path:
    """Raise item 10 to 80 元, narrow item 7 (公交) to 70 周岁, add item 23."""
    text = superseding((policy / "lists/140200/2024-02-06.yaml").read_text(encoding="utf-8"), FIXTURE_DATE)
    # 提高: item 10, text and rule together
    text = replace_once(text, "每人每月不低于70元\n", "每人每月不低于80元\n")
    text = replace_once(text, "{id: subsidy, kind: amount, label: 养老服务补贴, value: 70,",
                        "{id: subsidy, kind: amount, label: 养老服务补贴, value: 80,")
    # 范围缩小: item 7
    text = replace_once(text, "      standard: 65周岁及以上老年人免费乘坐市内公交车和城市轨道交通，有条件的县区同步实施\n"
                              "      service_type: 关爱服务\n      department: 市交通局\n    eligibility:\n      all:\n"
                              "        - {fact: age, ge: 65}\n",
                        "      standard: 70周岁及以上老年人免费乘坐市内公交车和城市轨道交通，有条件的县区同步实施\n"
                        "      service_type: 关爱服务\n      department: 市交通局\n    eligibility:\n      all:\n"
                        "        - {fact: age, ge: 70}\n")
    text = text.rstrip("\n") + "\n" + ADDED_ITEM
    target = policy / "lists/140200" / f"{FIXTURE_DATE}.yaml"
    target.write_text(text, encoding="utf-8")
    return target
