// 县区清单编制页：把编辑的每一处修改送给检查线程（draft-worker.js，运行与 qingdan check 相同的 Python 代码），
// 再把它返回的结果显示出来。这里不做任何判断：哪一项符合、哪里有错、文件怎么写，都由 Python 决定
// （generator/site/draft/session.py）；本文件只搬运数据、显示结果，并把草稿存在本浏览器的 localStorage 中。

const settings = JSON.parse(document.getElementById("qdr-settings").textContent);
const STORAGE_KEY = "qingdan-county-draft";
const OTHER = "other";
const root = document.getElementById("qdr");
const $ = (id) => document.getElementById(id);

let worker = null;
let sequence = 0;
let latest = 0; // the id of the last message sent: only its answer is shown
const started = new Map(); // id -> performance.now() when the change was made
let view = null; // the last draft view
let formKey = ""; // what the form was built for: rebuilt only when that changes
window.qdTimings = []; // milliseconds from a change to its verdict on screen (read by the tests)

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function status(text) {
  $("qdr-status").textContent = text;
}

function send(message) {
  sequence += 1;
  latest = sequence;
  started.set(sequence, performance.now());
  root.dataset.state = "checking";
  worker.postMessage({ type: "handle", id: sequence, message });
}

const numberOrNull = (text) => {
  const value = String(text).trim();
  if (value === "") return null;
  const number = Number(value);
  return Number.isFinite(number) ? number : value; // the check says what is wrong with a text
};

// ---------------------------------------------------------------- the form, built from the view
function field(id, label, input, help) {
  input.id = id;
  input.classList.add("qdr-input");
  if (help) input.setAttribute("aria-describedby", `${id}-help`);
  return el("div", { class: "qdr-field" }, el("label", { for: id, text: label }),
    help ? el("p", { class: "qdr-help", id: `${id}-help`, text: help }) : null, input);
}

function numberInput(value, onchange) {
  return el("input", { type: "text", inputmode: "decimal", autocomplete: "off", value: value ?? "",
    onchange: (event) => onchange(numberOrNull(event.target.value)) });
}

function textInput(value, onchange, multiline = false) {
  const input = el(multiline ? "textarea" : "input", { autocomplete: "off", rows: multiline ? 2 : null,
    onchange: (event) => onchange(event.target.value) });
  input.value = value ?? "";
  return input;
}

function select(options, value, onchange) {
  const node = el("select", { onchange: (event) => onchange(event.target.value) },
    options.map(([optionValue, label]) => el("option", { value: optionValue, text: label })));
  node.value = value ?? "";
  return node;
}

function revisionSection(draft) {
  const revision = draft.revision || {};
  const fields = [["document_number", "文号", "印发本清单的正式文号，例如“阳政发〔2024〕5号”"],
    ["issuer", "发布单位", ""], ["published", "发布日期（YYYY-MM-DD）", "下载的文件以它命名"],
    ["effective", "施行日期（YYYY-MM-DD）", ""], ["id", "修订版标识", "通常就是发布日期"]];
  return el("section", { class: "qdr-section", "aria-labelledby": "qdr-revision-title" },
    el("h2", { id: "qdr-revision-title", text: "发布信息" }),
    fields.map(([key, label, help]) => field(`qdr-revision-${key}`, label,
      textInput(revision[key], (value) => send({ op: "revision", field: key, value })), help)));
}

function openSection(draft) {
  return el("section", { class: "qdr-section", "aria-labelledby": "qdr-open-title" },
    el("h2", { id: "qdr-open-title", text: "上级清单留给县（区）确定的数值" }),
    el("p", { text: "上级清单写明“由县区政府确定”的数值，按本县（区）正式文件填写。" }),
    draft.open.map((value) => value.kind === "parameter"
      ? field(`qdr-open-${value.name}`, `${value.label}（${value.unit}）`,
        numberInput(value.value, (number) => send({ op: "parameter", name: value.name, value: number })),
        `上级清单：${value.text}`)
      : field(`qdr-open-${value.item}-${value.term}`, value.label,
        select([["", "（请选择）"], ...draft.periods.map((p) => [p, `每${p}`])], value.value,
          (period) => send({ op: "term", item: value.item, term: value.term, field: "period", value: period || null })))));
}

function itemCard(item, draft) {
  const prefix = `qdr-item-${item.id}`;
  const terms = item.terms.map((term) => el("div", { class: "qdr-term" },
    el("p", {}, el("strong", { text: `${term.label}：` }), `上级清单 ${term.parent_text}`),
    term.editable ? field(`${prefix}-${term.id}`, `本县（区）的${term.noun}（${term.unit}，${term.direction}）`,
      numberInput(term.value, (value) => send({ op: "term", item: item.id, term: term.id, field: "value", value })))
      : null,
    el("p", { class: "qdr-child", dataset: { term: term.id } })));
  const ages = item.eligibility.ages.map((age) => field(`${prefix}-age-${age.index}`,
    `年龄下限（周岁；上级清单 ${age.parent} 周岁，可以降低）`,
    numberInput(age.value, (value) => send({ op: "age", item: item.id, index: age.index, value }))));
  const groups = el("fieldset", { class: "qdr-groups" }, el("legend", { text: "也可以享受的人群（放宽，可多选）" }),
    draft.groups.map((group) => {
      const id = `${prefix}-group-${group.name}`;
      return el("div", { class: "qdr-check" },
        el("input", { type: "checkbox", id, value: group.name, checked: item.eligibility.groups.includes(group.name),
          onchange: (event) => {
            const checked = [...event.target.closest("fieldset").querySelectorAll("input:checked")].map((i) => i.value);
            send({ op: "groups", item: item.id, groups: checked });
          } }),
        el("label", { for: id, text: group.label }));
    }));
  return el("article", { class: "qdr-item", id: prefix, dataset: { item: item.id, number: item.number } },
    el("h3", {}, `第${item.number}项 ${item.name} `, el("span", { class: "qdr-badge", dataset: { badge: "" } })),
    el("dl", { class: "qdr-official" }, item.official.map(([label, text]) => [el("dt", { text: label }),
      el("dd", { text })])),
    terms,
    el("p", {}, el("strong", { text: "享受条件：" }), `上级清单 ${item.eligibility.parent_text}`),
    el("p", { class: "qdr-child", dataset: { eligibility: "" } }),
    item.eligibility.rewritten ? el("p", { text: "文件中本项的享受条件已改写，请在文件中修改。" }) : [ages,
      el("details", { class: "qdr-more" }, el("summary", { text: "放宽享受人群" }), groups)],
    el("details", { class: "qdr-more" }, el("summary", { text: "修改本项服务标准的原文" }),
      field(`${prefix}-standard`, "本县（区）清单中本项的“服务标准”原文（逐字照录正式文件）",
        textInput(item.standard, (value) => send({ op: "official", item: item.id, field: "standard", value }), true))),
    el("ul", { class: "qdr-messages", "aria-live": "polite" }));
}

const ADDED_FIELDS = [["id", "项目标识（英文小写字母、数字和连字符，例如 meal-assistance）"], ["name", "服务项目"],
  ["target_group", "对象"], ["content", "服务内容"], ["standard", "服务标准"], ["department", "牵头落实部门"]];

function addedFields(prefix, fields, draft) {
  const inputs = ADDED_FIELDS.map(([key, label]) => field(`${prefix}-${key}`, label,
    textInput(fields[key], () => {}, key === "content" || key === "standard")));
  inputs.push(field(`${prefix}-service_type`, "服务类型",
    select(draft.service_types.map((t) => [t, t]), fields.service_type || draft.service_types[0], () => {})));
  inputs.push(field(`${prefix}-group`, "享受人群",
    select(draft.groups.map((g) => [g.name, g.label]), fields.group || "elderly", () => {})));
  inputs.push(field(`${prefix}-age`, "年龄下限（周岁，可不填）", numberInput(fields.age, () => {})));
  return inputs;
}

function readAdded(prefix) {
  const fields = {};
  for (const key of [...ADDED_FIELDS.map(([k]) => k), "service_type", "group"]) fields[key] = $(`${prefix}-${key}`).value;
  fields.age = numberOrNull($(`${prefix}-age`).value);
  return fields;
}

function addedSection(draft) {
  const list = draft.added.map((item) => {
    const prefix = `qdr-added-${item.index}`;
    return el("article", { class: "qdr-item", id: prefix, dataset: { added: item.index } },
      el("h3", {}, `新增项目 ${item.fields.name || item.fields.id} `, el("span", { class: "qdr-badge", dataset: { badge: "" } })),
      el("fieldset", { class: "qdr-added", onchange: () => send({ op: "edit_added", index: item.index,
        fields: readAdded(prefix) }) }, el("legend", { text: "新增项目的原文" }), addedFields(prefix, item.fields, draft)),
      el("div", { class: "qdr-actions" }, el("button", { type: "button", class: "qdr-button qdr-button--secondary",
        text: "删除这个新增项目", onclick: () => send({ op: "remove_added", index: item.index }) })),
      el("ul", { class: "qdr-messages", "aria-live": "polite" }));
  });
  const prefix = "qdr-new-item";
  return el("section", { class: "qdr-section", "aria-labelledby": "qdr-added-title" },
    el("h2", { id: "qdr-added-title", text: "本县（区）新增的项目" }),
    el("p", { text: "上级清单没有、本县（区）清单新增的项目，按正式文件逐字填写。" }),
    list,
    el("fieldset", { class: "qdr-added" }, el("legend", { text: "新增一个项目" }), addedFields(prefix, {}, draft),
      el("div", { class: "qdr-actions" }, el("button", { type: "button", class: "qdr-button", id: "qdr-add-item",
        text: "新增项目", onclick: () => send({ op: "add_item", fields: readAdded(prefix) }) }))));
}

function buildForm(draft) {
  const form = $("qdr-form");
  form.replaceChildren();
  if (!draft.editable) {
    form.append(el("section", { class: "qdr-section" }, el("p", { text: draft.data
      ? "这个文件不能在表单中显示（找不到它所依据的上级清单）。上面列出了检查结果。"
      : "上传的文件有错误，或是一份整份写出的清单，表单无法显示它；上面列出了与 qingdan check 相同的检查结果。"
        + "请按提示改正文件后重新上传，或者新建草稿。" })));
    return;
  }
  form.append(revisionSection(draft), openSection(draft),
    el("section", { class: "qdr-section", "aria-labelledby": "qdr-items-title" },
      el("h2", { id: "qdr-items-title", text: `逐项对照${draft.parent.name}清单` }),
      el("p", { text: "每项列出上级清单的原文和标准。可以提高标准、降低年龄下限、放宽享受人群；降低的地方会标为“不符合”。" }),
      draft.items.map((item) => itemCard(item, draft))),
    addedSection(draft));
}

// ---------------------------------------------------------------- showing a view
function findingNode(finding) {
  return el("li", { class: `qdr-finding qdr-finding--${finding.severity}`,
    dataset: { rule: finding.rule, line: finding.line, severity: finding.severity } },
  el("span", { class: "qdr-finding__where", text: finding.line ? `第 ${finding.line} 行第 ${finding.col} 列` : "整个文件" }),
  " ", el("code", { text: `${finding.severity}[${finding.rule}]` }), " ", finding.message,
  finding.hint ? el("span", { class: "qdr-finding__hint", text: `提示：${finding.hint}` }) : null);
}

function improvementNode(change) {
  return el("li", { class: "qdr-finding qdr-finding--info", dataset: { rule: change.rule, item: change.item } },
    el("code", { text: `info[${change.rule}]` }), " ", change.message);
}

function setValue(id, value) {
  const input = $(id);
  if (input && input !== document.activeElement) input.value = value ?? "";
}

function updateForm(draft) {
  for (const item of draft.items) {
    const card = $(`qdr-item-${item.id}`);
    if (!card) continue;
    const badge = card.querySelector("[data-badge]");
    badge.textContent = item.status === "符合" && item.better ? "符合（高于上级）" : item.status;
    card.dataset.status = item.status;
    for (const term of item.terms) {
      if (term.editable) setValue(`qdr-item-${item.id}-${term.id}`, term.value);
      const child = card.querySelector(`[data-term="${term.id}"]`);
      child.textContent = term.child_text && term.child_text !== term.parent_text ? `本县（区）：${term.child_text}` : "";
    }
    for (const age of item.eligibility.ages) setValue(`qdr-item-${item.id}-age-${age.index}`, age.value);
    const eligibility = card.querySelector("[data-eligibility]");
    eligibility.textContent = item.eligibility.child_text && item.eligibility.child_text !== item.eligibility.parent_text
      ? `本县（区）：${item.eligibility.child_text}` : "";
    card.querySelector(".qdr-messages").replaceChildren(...item.messages.map(findingNode),
      ...item.improvements.map(improvementNode));
  }
  for (const item of draft.added) {
    const card = $(`qdr-added-${item.index}`);
    if (!card) continue;
    card.querySelector("[data-badge]").textContent = item.status;
    card.querySelector(".qdr-messages").replaceChildren(...item.messages.map(findingNode),
      ...item.improvements.map(improvementNode));
  }
  for (const value of draft.open) {
    setValue(value.kind === "parameter" ? `qdr-open-${value.name}` : `qdr-open-${value.item}-${value.term}`, value.value);
  }
}

function show(result) {
  $("qdr-problem").hidden = !result.problem;
  $("qdr-problem").textContent = result.problem || "";
  const draft = result.draft;
  view = draft;
  $("qdr-summary").hidden = !draft;
  $("qdr-clear").disabled = !draft;
  if (!draft) {
    $("qdr-form").replaceChildren();
    formKey = "";
    return;
  }
  $("qdr-verdict").textContent = draft.ok
    ? `检查通过：可以保存为 ${draft.path}，交市民政局发布。${draft.warnings ? `另有 ${draft.warnings} 个警告。` : ""}`
    : `检查未通过：${draft.errors} 个错误，${draft.warnings} 个警告（与 qingdan check ${draft.path} 的结果相同）。`;
  $("qdr-verdict").dataset.ok = draft.ok;
  $("qdr-save").textContent = `下载的文件名是 ${draft.name}，请保存为 ${draft.path}。`;
  $("qdr-findings").replaceChildren(...draft.findings.map(findingNode));
  $("qdr-text").textContent = draft.text;
  const key = JSON.stringify([draft.code, draft.parent, draft.editable, draft.added.length,
    draft.items.map((i) => i.eligibility.rewritten)]);
  if (key !== formKey) {
    formKey = key;
    buildForm(draft);
  }
  if (draft.editable) updateForm(draft);
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify({ data: draft.data, text: draft.text, name: draft.name }));
  } catch {
    status("浏览器不允许本页保存草稿（localStorage）：刷新页面会丢失草稿，请及时下载。");
  }
}

function onWorkerMessage(event) {
  const message = event.data;
  if (message.type === "ready") {
    root.dataset.state = "ready";
    status("检查程序已就绪。");
    for (const id of ["qdr-new", "qdr-upload"]) $(id).disabled = false;
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved) {
      const { data, text, name } = JSON.parse(saved);
      send({ op: "restore", data, text, name });
    }
    return;
  }
  if (message.id !== latest) return; // a newer change is on its way
  if (message.type === "error") {
    root.dataset.state = "error";
    status(`检查程序出错：${message.message}`);
    return;
  }
  const received = performance.now();
  show(JSON.parse(message.json));
  const elapsed = performance.now() - started.get(message.id);
  started.delete(message.id);
  window.qdTimings.push({ total: elapsed, worker: message.ms, render: performance.now() - received });
  root.dataset.state = "ready";
  root.dataset.seq = String(message.id);
  status(`已检查（用时 ${Math.round(elapsed)} 毫秒）。`);
}

// ---------------------------------------------------------------- the controls above the form
function chooseRegion() {
  $("qdr-other").hidden = $("qdr-region").value !== OTHER;
}

function startDraft() {
  const choice = $("qdr-region").value;
  const region = settings.regions.find((r) => r.code === choice);
  const code = region ? region.code : $("qdr-code").value.trim();
  const name = region ? region.name : $("qdr-name").value.trim();
  if (view && !window.confirm("新建草稿会替换当前的草稿（已下载的文件不受影响）。确定新建吗？")) return;
  send({ op: "new", code, name });
}

async function upload(event) {
  const file = event.target.files[0];
  if (!file) return;
  const data = new Uint8Array(await file.arrayBuffer());
  send({ op: "upload", name: file.name, data: Array.from(data) });
  event.target.value = "";
}

function downloadFile() {
  const blob = new Blob([view.text], { type: "application/yaml" });
  const link = el("a", { href: URL.createObjectURL(blob), download: view.name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10000);
}

function clearDraft() {
  if (!window.confirm("确定清空草稿吗？清空后无法恢复（已下载的文件不受影响）。")) return;
  localStorage.removeItem(STORAGE_KEY);
  show({ problem: "", draft: null });
  status("草稿已清空。");
}

function start() {
  const regionSelect = $("qdr-region");
  regionSelect.append(...settings.regions.map((r) => el("option", { value: r.code, text: `${r.name}（${r.code}）` })),
    el("option", { value: OTHER, text: "其他县（区）：按代码新建" }));
  regionSelect.addEventListener("change", chooseRegion);
  $("qdr-new").addEventListener("click", startDraft);
  $("qdr-upload").addEventListener("change", upload);
  $("qdr-download").addEventListener("click", downloadFile);
  $("qdr-clear").addEventListener("click", clearDraft);
  worker = new Worker(settings.worker, { type: "module" });
  worker.onmessage = onWorkerMessage;
  worker.onerror = () => {
    root.dataset.state = "error";
    status("检查程序无法启动：请刷新本页；如果仍不行，请换用较新版本的浏览器。");
  };
  const absolute = (url) => new URL(url, document.baseURI).href;
  const today = new Date();
  const pad = (n) => String(n).padStart(2, "0");
  worker.postMessage({ type: "boot", pyodide: absolute(settings.pyodide), lock: settings.lock,
    stdlib: absolute(settings.stdlib), wheel: absolute(settings.wheel), vendor: absolute(settings.vendor),
    policy: absolute(settings.policy),
    today: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}` });
  status("正在下载并启动检查程序（首次约 6 MB，请稍候）……");
}

start();
