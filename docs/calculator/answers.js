// 资格自测：预先算好的答案表（calculator/answers/<地区代码>.json，由 generator/site/calculator/answers.py 在构建时
// 用同一份规则引擎算出）。测算程序下载完成之前，页面按前几个问题（年龄、经济状况、能力等级）的回答在表中查出结果。
//
// 这里只查表，不含任何资格规则：年龄所在的区间、结果本身都来自表中；只把本人填写的年龄填回引擎的原话（“{age}”）。

// 表中回答的问题名，按页面的顺序。
export function questions(table) {
  return table.questions.map(([name]) => name);
}

// 表中查不到的、已经填写的回答（其他问题和情形）：它们在测算程序加载完成后才计入结果。
export function unanswered(table, profile) {
  const known = new Set(questions(table));
  return [...Object.keys(profile).filter((name) => name !== "situations" && !known.has(name)),
    ...Object.keys(profile.situations || {}).map((key) => `situations.${key}`)];
}

// profile（个人情况，同 Engine.evaluate() 的输入）中表里那几个问题的回答 → 与 Engine.evaluate() 同样格式的结果；
// 回答不在表的范围内时返回 null。
export function lookup(table, profile) {
  const keys = [];
  const shown = {}; // 问题名 → 本人的数值在引擎原话中的写法（如“85周岁”）
  for (const [name, spec] of table.questions) {
    const value = profile[name];
    if (value === undefined || value === null) {
      keys.push("");
    } else if (spec.ranges) {
      const index = spec.ranges.findIndex(([low, high]) => low <= value && value <= high);
      if (index < 0 || !Number.isInteger(value)) return null;
      keys.push(String(index));
      shown[`{${name}}`] = spec.text.replace("{}", String(value));
    } else {
      keys.push(String(value));
    }
  }
  const entry = table.answers[keys.join("|")];
  if (!entry) return null;
  const [deciding, money, ...items] = entry;
  const fill = (text) => text.replace(/\{[a-z_]+\}/g, (slot) => shown[slot] ?? slot);
  const results = items.map((index) => {
    const item = structuredClone(table.items[index]);
    for (const criterion of item.criteria) criterion.detail = fill(criterion.detail);
    return item;
  });
  return { region: table.region, list: table.list, results, deciding_facts: [...table.deciding[deciding]],
    money: structuredClone(table.money[money]) };
}
