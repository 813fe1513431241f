"""A synthetic national corpus of lists — clearly synthetic, generated into a temporary folder, never policy.

One national list (the real Datong item structure, relabelled), 31 provincial, 333 city and 2,850 county derivations.
Each derivation raises some standards, widens some groups, adds some items; about 1% are weakened on purpose. The
generator returns which ones it weakened, so a benchmark can assert that the check finds exactly those.

    python benchmarks/national_corpus.py OUT_DIR   # writes OUT_DIR/policy and OUT_DIR/weakened.json
"""
from __future__ import annotations

import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53,
             54, 61, 62, 63, 64, 65]
CITIES, COUNTIES = 333, 2850
DATE = "2024-01-01"
SYNTHETIC = "（合成数据，仅用于性能测试）"
_WEAKENED_ALONG_CHAIN: dict[str, set[str]] = {}  # a list weakened one way cannot be weakened that way again below it
_ALLOWANCE: dict[str, int] = {}  # item 8's amount once a list along the chain has set it
_ADDED_MEALS: set[str] = set()  # lists that added the meal item (their descendants inherit it)
_PARENT: dict[str, str] = {}


def _ancestors(code: str) -> list[str]:
    chain = []
    while code in _PARENT:
        code = _PARENT[code]
        chain.append(code)
    return chain


def _allowance(code: str, parent: str, rng: random.Random, county: bool) -> str:
    """Counties must set the 80–99 allowance; a level above may set it first, and then it is a floor below."""
    floor = _ALLOWANCE.get(parent)
    if not county and floor is None and rng.random() > 0.3:
        return ""
    _ALLOWANCE[code] = max(floor or 0, rng.choice([30, 50, 100]))
    return f"  old_age_allowance_80_99: {{value: {_ALLOWANCE[code]}}}"


@dataclass
class Corpus:
    root: Path
    weakened: dict[str, str] = field(default_factory=dict)  # region code -> how it was weakened
    lists: int = 0


def _national(template: str) -> str:
    text = template.replace('code: "140200"\n  name: 大同市', 'code: "100000"\n  name: 全国（合成）')
    text = text.replace("list_id: datong-basic-elderly-care", "list_id: synthetic-national")
    text = text.replace("title: 大同市基本养老服务清单", f"title: 基本养老服务清单{SYNTHETIC}")
    text = text.replace("  source: sources/同政办发〔2024〕6号.txt\n", "  fixture: true\n")
    text = text.replace('id: "2024-02-06"', f'id: "{DATE}"').replace("published: 2024-02-06", f"published: {DATE}")
    return text.replace("effective: 2024-02-06", f"effective: {DATE}")


def _derivation(code: str, name: str, parent: str, rng: random.Random, county: bool,
                subsidy: dict[str, float]) -> tuple[str, str | None]:
    """YAML text of one derivation and, when weakened, how. ``subsidy`` tracks item 10's amount along the chain."""
    subsidy[code] = subsidy[parent]
    _PARENT[code] = parent
    inherited = _WEAKENED_ALONG_CHAIN.setdefault(code, set(_WEAKENED_ALONG_CHAIN.get(parent, ())))
    lines = [
        "kind: derivation",
        f"list_id: synthetic-{code}",
        f"title: {name}基本养老服务清单{SYNTHETIC}",
        f'region: {{code: "{code}", name: {name}}}',
        f'parent: {{region: "{parent}", revision: "{DATE}"}}',
        f'revision: {{id: "{DATE}", issuer: {name}{SYNTHETIC}, published: {DATE}, effective: {DATE}, fixture: true}}',
        "parameters:",
        f"  local_dibao_standard: {{value: {rng.randint(600, 1100)}}}",
        _allowance(code, parent, rng, county),
        "items:",
    ]
    weakened = None
    items = []
    if rng.random() < 0.3:
        subsidy[code] = subsidy[parent] + rng.choice([5, 10, 30])
        items.append(f"  care-service-subsidy:\n    terms:\n      subsidy: {{value: {subsidy[code]}}}")
    if rng.random() < 0.15:
        items.append("  public-transport:\n    eligibility_any: {fact: age, ge: 60}")
    if rng.random() < 0.1:
        items.append("  legal-aid:\n    terms:\n      review-days: {value: 5}")
    if rng.random() < 0.01:
        how = rng.choice(sorted({"amount", "eligibility", "time_limit", "discount"} - inherited))
        weakened = how
        inherited.add(how)
        items = [i for i in items if not i.startswith(("  care-service-subsidy", "  public-transport", "  legal-aid"))]
        subsidy[code] = subsidy[parent] if how != "amount" else subsidy[parent] - 10
        items.append({
            "amount": f"  care-service-subsidy:\n    terms:\n      subsidy: {{value: {subsidy[parent] - 10}}}",
            "eligibility": "  centenarian-allowance:\n    eligibility: {fact: age, ge: 101}",
            "time_limit": "  legal-aid:\n    terms:\n      review-days: {value: 10}",
            "discount": "  public-transport:\n    terms:\n      bus-fare: {payable: 0.5}",
        }[how])
    lines += items or ["  {}"]
    if rng.random() < 0.1 and not _ADDED_MEALS.intersection(_ancestors(code)):
        _ADDED_MEALS.add(code)
        lines += [
            "added_items:",
            "  - id: meal-assistance",
            f"    official: {{target_group: 70周岁及以上老年人, name: 老年助餐服务{SYNTHETIC}, content: 助餐,"
            " standard: 每餐补贴3元, service_type: 照护服务, department: 民政部门}",
            "    eligibility: {fact: age, ge: 70}",
            "    terms:",
            "      - {id: meal-subsidy, kind: amount, label: 助餐补贴, value: 3, unit: 元, per: 餐, bound: exact}",
        ]
    return "\n".join(line for line in lines if line) + "\n", weakened


def generate(out: Path, seed: int = 2024, provinces: int = len(PROVINCES), cities: int = CITIES,
             counties: int = COUNTIES) -> Corpus:
    """Write the corpus; smaller ``provinces``/``cities``/``counties`` give a slice with the same structure."""
    rng = random.Random(seed)
    for memo in (_WEAKENED_ALONG_CHAIN, _ALLOWANCE, _ADDED_MEALS, _PARENT):
        memo.clear()
    policy = out / "policy"
    if policy.exists():
        shutil.rmtree(policy)
    (policy / "lists").mkdir(parents=True)
    shutil.copy(ROOT / "policy/vocabulary.yaml", policy)
    shutil.copytree(ROOT / "policy/schema", policy / "schema")
    corpus = Corpus(policy)

    def write(code: str, text: str) -> None:
        folder = policy / "lists" / code
        folder.mkdir()
        (folder / f"{DATE}.yaml").write_text(text, encoding="utf-8")
        corpus.lists += 1

    write("100000", _national((ROOT / "policy/lists/140200/2024-02-06.yaml").read_text(encoding="utf-8")))
    subsidy = {"100000": 70}
    city_codes = []
    for index, province in enumerate(PROVINCES[:provinces]):
        code = f"{province}0000"
        text, weakened = _derivation(code, f"合成省{index + 1:02d}", "100000", rng, county=False, subsidy=subsidy)
        write(code, text)
        if weakened:
            corpus.weakened[code] = weakened
        for city in range(cities // provinces + (index < cities % provinces)):
            city_codes.append((f"{province}{city + 1:02d}00", code))
    for number, (code, province) in enumerate(city_codes):
        text, weakened = _derivation(code, f"合成市{number + 1:03d}", province, rng, county=False, subsidy=subsidy)
        write(code, text)
        if weakened:
            corpus.weakened[code] = weakened
    for number in range(counties):
        city, _ = city_codes[number % len(city_codes)]
        code = f"{city[:4]}{number // len(city_codes) + 1:02d}"
        text, weakened = _derivation(code, f"合成县{number + 1:04d}", city, rng, county=True, subsidy=subsidy)
        write(code, text)
        if weakened:
            corpus.weakened[code] = weakened
    (out / "weakened.json").write_text(json.dumps(corpus.weakened, ensure_ascii=False, indent=1), encoding="utf-8")
    return corpus


def long_city_list(out: Path, items: int) -> Path:
    """A policy root (``out/policy``) whose only list is a city list of ``items`` items — the real 22, repeated
    with new ids — for the site's scale case: an item page must not grow with the number of items."""
    import copy

    import yaml

    policy = out / "policy"
    (policy / "lists/140200").mkdir(parents=True)
    shutil.copy(ROOT / "policy/vocabulary.yaml", policy)
    shutil.copytree(ROOT / "policy/schema", policy / "schema")
    city = yaml.safe_load((ROOT / "policy/lists/140200/2024-02-06.yaml").read_text(encoding="utf-8"))
    city["title"] += SYNTHETIC
    city["revision"].pop("source", None)
    city["revision"]["fixture"] = True
    real = city["items"]
    city["items"] = []
    for index in range(items):
        item = copy.deepcopy(real[index % len(real)])
        round_ = index // len(real)
        item["number"] = index + 1
        if round_:
            item["id"] += f"-{round_ + 1}"
            item["official"]["name"] += f"（合成第{round_ + 1}组）"
        city["items"].append(item)
    (policy / "lists/140200/2024-02-06.yaml").write_text(
        yaml.safe_dump(city, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return policy


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/qingdan-national")
    made = generate(target)
    print(f"{made.lists} 个清单已写入 {made.root}（其中 {len(made.weakened)} 个故意弱化）")
