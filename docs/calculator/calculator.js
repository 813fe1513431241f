// 资格自测（页面部分）。
//
// 本文件不含任何资格规则：问题由清单（data/<地区代码>.json）的 facts 和 situations 生成，
// 结果由计算线程里的规则引擎（与命令行 qingdan eligibility 同一份 generator.engine）算出，这里只负责
// 表单与引擎之间的数据搬运和结果的显示。
//
// 不必等测算程序下载完：在它就绪之前，本页在预先算好的答案表（answers.js；构建时由同一份引擎算出）中查出
// 前几个问题的结果先显示出来；测算程序就绪后接手，按全部回答计算（结果相同时页面不变）。没有时间限制：
// 网络再慢也一直下载下去，只有真正的故障才提示，并说明原因。测算程序就绪后，Service Worker（sw.js）把它和
// 本页存进浏览器，再次打开或没有网络时不必再下载。
//
// 填写的内容只保存在本页链接的 # 之后（浏览器不会把它发送给服务器）：刷新、加书签或把链接发给别人都能恢复。

const $ = (id) => document.getElementById(id);
const settings = JSON.parse($("qc-runtime").textContent);
const absolute = (url) => new URL(url, document.baseURI).href;
const answersModule = import(absolute(settings.answers_js)); // 答案表的查表函数
const dataUrl = (code) => absolute(settings.data_url.replace("{code}", code));
const tableUrl = (code) => absolute(settings.answers_url.replace("{code}", code));
const guidanceUrl = (code) => absolute(settings.guidance_url.replace("{code}", code));
// 画二维码的程序库（npm 包 qrcode-generator，固定版本，和本站文件放在一起）；取不到时打印的清单上没有二维码。
const qrcodeModule = import(absolute(settings.qrcode)).then((module) => module.default, () => null);
const QR_DELAY_MS = 600;
const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

const GROUPS = [
  ["eligible", "可以享受"],
  ["conditional", "可能可以享受"],
  ["ineligible", "暂不符合"],
];
const CRITERION = { met: "符合", not_met: "不符合", unknown: "待确认" };
const PRIVACY = "测算在您自己的浏览器里进行，您填写的内容不会发送到任何服务器。";
const SITUATION_PREFIX = "s."; // 链接中情形的前缀：#…&s.rights_lawsuit=1

const state = {
  regions: [], // data/regions.json
  code: null, // 当前地区代码：其清单已装入本页、交给了计算线程
  wanted: null, // 最近选择的地区（其清单可能还在下载）
  compiled: null, // 当前地区的清单（编译后的 JSON）
  loaded: new Set(), // 已交给计算线程的地区
  tables: new Map(), // 地区代码 → 答案表（没有时为 null）
  guidance: null, // 当前地区的办理指南（data/guidance/<地区代码>.json；取不到时为 null）
  lookup: null, // answers.js（查表）
  tableShown: 0, // 显示答案表结果的次数
  answers: {}, // 事实名 → 值；不在其中 = 不清楚/不填
  situations: {}, // 情形 → true/false
  requested: 0, // 最近一次计算请求的编号
  changedAt: 0, // 最近一次修改回答的时刻（用于测量重新计算的耗时）
  rendered: 0, // 已显示的结果次数
  writtenHash: "", // 本页最近写入的链接片段
  announceTimer: 0,
  lastAnnounced: "",
  qrTimer: 0,
  presented: "", // 最近显示的结果（JSON 文本）：测算程序的结果与答案表的相同时，页面不必重画
  printGuidance: null,
  guidanceBlocks: new Map(), // 项目标识 → {guidance, node}：各项的“怎样办理”（只含文字，复制使用） // 打印的权益清单开头的办理指南（按地区建一次）
  moneyShown: "", // 最近显示的“每月至少可领”（JSON 文本）
  groups: null, // 三组结果的容器（见 groupSections）
  example: null,
  cards: null,
  inFlight: false, // 计算线程正在计算（同一时刻只请求一次，期间的修改合并为最新的一次）
  queued: false,
  resultsVisible: true, // 结果区是否在屏幕上
  latest: null, // {key, result}：按目前全部回答算出的最近结果（一步一步回答时据此选下一题）
  guide: { history: [], index: 0, done: false, waiting: false }, // 一步一步回答：走过的各步（每步是几个问题名）
};

// ------------------------------------------------------------------ 小工具

function h(tag, attrs, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "class") element.className = value;
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined && child !== false) element.append(child);
  }
  return element;
}

function sortedKeys(value) {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, sortedKeys(value[key])]));
}

// 每个网址只取一次（先取的和后用的共用一个请求）；失败的下次重取。
const fetched = new Map();
function fetchText(url) {
  if (!fetched.has(url)) {
    fetched.set(url, fetch(url).then((response) => {
      if (!response.ok) throw new Error(`${url}：HTTP ${response.status}`);
      return response.text();
    }).catch((error) => {
      fetched.delete(url);
      throw error;
    }));
  }
  return fetched.get(url);
}

// ------------------------------------------------------------------ 计算线程

// 本脚本异步加载（async）：先取数据和答案表，页面其余部分解析完再处理表单和结果。
const domReady = new Promise((resolve) => {
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve, { once: true });
  else resolve();
});
// 计算线程紧接着第一批结果所需的数据（地区、清单、答案表）开始下载：它们很小，先到；运行时随后下载。
const engine = { worker: null, ready: false, failed: false, stage: null };

function startEngine() {
  performance.mark("qc-engine-start");
  // 用 blob 地址启动计算线程：这样它和本页受同一条 CSP 约束（按普通地址启动的线程只受其响应头约束）。
  const source = `import ${JSON.stringify(absolute(settings.worker))};`;
  const blob = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
  const worker = new Worker(blob, { type: "module" });
  engine.worker = worker;
  worker.onmessage = ({ data }) => domReady.then(() => {
    if (data.type === "progress") showProgress(data);
    else if (data.type === "ready") engineReady();
    else if (data.type === "result") showResult(data);
    else if (data.type === "error") fail(data.message);
  });
  worker.onerror = (event) => {
    event.preventDefault();
    domReady.then(() => fail(`计算线程无法启动（${event.message || "浏览器没有给出原因"}）。`));
  };
  worker.postMessage({
    type: "boot",
    pyodide: absolute(settings.pyodide),
    lock: settings.lock,
    wheel: absolute(settings.wheel),
    downloads: settings.downloads,
  });
}

function send(message) {
  if (!engine.failed && engine.worker) engine.worker.postMessage(message);
}

function showProgress({ stage, loaded, total }) {
  if (engine.failed || engine.ready || engine.stage === "engine") return; // （下载计数可能比启动晚到）
  engine.stage = stage;
  if (stage === "download") $("qc-status").dataset.received = String(Math.round(loaded));
  if (stage === "download" && loaded < total) {
    $("qc-progress").value = Math.round((loaded / total) * 85);
    $("qc-status-text").textContent = `正在下载测算程序：已下载 ${mb(loaded)}，共 ${mb(total)}。`;
  } else if (stage === "download") {
    performance.mark("qc-downloaded");
    $("qc-progress").value = 85;
    $("qc-status-text").textContent = "正在启动测算程序……";
  } else {
    performance.mark("qc-engine-python");
    $("qc-progress").value = 95;
    $("qc-status-text").textContent = "正在装入服务清单的规则……";
  }
}

function engineReady() {
  performance.mark("qc-engine-ready");
  engine.ready = true;
  $("qc-progress").value = 100;
  $("qc").dataset.state = "ready";
  $("qc-status-text").textContent = "测算程序已就绪：结果按您的全部回答计算，改动回答后立即更新。";
  $("qc-status-note").textContent = PRIVACY;
  keepForLater();
}

// 测算程序就绪后，让 Service Worker 把它和本页存进浏览器（再次打开、没有网络时用）：先注册，
// 接管本页后再经它取一遍本页用过的文件（这些文件刚下载过，取自浏览器的 HTTP 缓存，不再占用网络）。
async function keepForLater() {
  if (!("serviceWorker" in navigator) || !settings.service_worker) return;
  try {
    await navigator.serviceWorker.register(absolute(settings.service_worker), { scope: "./" });
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve,
        { once: true }));
    }
    const runtime = [...Object.keys(settings.downloads).filter((name) => !name.endsWith(".whl")),
      "pyodide.mjs", "pyodide.asm.mjs"].map((name) => absolute(settings.pyodide + name));
    await Promise.all([...fetched.keys(), ...runtime, absolute(settings.wheel), absolute(settings.worker),
      absolute(settings.qrcode)]
      .map((url) => fetch(url).then((response) => response.arrayBuffer())));
    $("qc").dataset.offline = "ready";
  } catch {
    // 浏览器不让用 Service Worker（例如非 HTTPS 的网站）：测算照常，只是下次还要下载。
  }
}

function fail(reason) {
  if (engine.failed) return;
  engine.failed = true;
  if (engine.worker) engine.worker.terminate();
  $("qc").dataset.state = "failed";
  const status = $("qc-status");
  status.classList.add("qc-status--failed");
  status.setAttribute("role", "alert");
  $("qc-progress").hidden = true;
  $("qc-status-text").textContent = `抱歉，测算程序无法运行。${reason}`;
  explainFailure();
  if (!state.tableShown) $("qc-summary").textContent = "测算程序没有加载成功，暂时无法显示结果。";
  if (state.guide.waiting && state.latest) goNext();
}

// 测算程序无法运行时还能做什么：答案表的结果（有的话）照常显示；也可以直接阅读清单。
function explainFailure() {
  const code = state.code || (state.regions[0] && state.regions[0].code);
  const lists = h("a", { href: code ? settings.root + settings.list_url.replace("{code}", code) : settings.root },
    "清单各项目的服务对象、内容和标准");
  const table = state.tableShown > 0 && "下面仍显示预先算好的结果：它们只按地区、年龄、经济状况和能力等级计算，" +
    "其他问题的回答暂时无法计入。";
  $("qc-status-note").replaceChildren(
    `${table || ""}请稍后刷新本页再试，或换一个浏览器（如较新版本的手机或电脑浏览器）。您也可以直接阅读`, lists,
    "，或向户籍所在地的民政部门咨询。");
}

// ------------------------------------------------------------------ 表单

function choicesOf(fact) {
  if (fact.type === "enum") return Object.entries(fact.values);
  if (fact.type === "boolean") return [[true, "是"], [false, "否"]];
  const labels = Object.entries(fact.value_labels || {});
  return labels.length ? labels.map(([value, label]) => [Number(value), label]) : null;
}

function controlId(name, value) {
  return `f-${name}-${value === undefined ? "-unknown" : String(value)}`;
}

function choiceGroup(name, number, question, help, choices) {
  const helpId = `h-${name}`;
  const idleId = `i-${name}`;
  const options = [...choices, [undefined, "不清楚/不填"]].map(([value, label]) =>
    h("label", { class: `qc-choice${value === undefined ? " qc-choice--unknown" : ""}` },
      h("input", {
        type: "radio", name, id: controlId(name, value),
        value: value === undefined ? "" : JSON.stringify(value), checked: value === undefined,
      }),
      h("span", {}, label)));
  return h("fieldset", { class: "qc-q", id: `q-${name}`, "data-question": name, "aria-describedby": help ? helpId : null },
    h("legend", { class: "qc-q__label" }, h("span", { class: "qc-q__number" }, `${number}.`), " ", question),
    help && h("p", { class: "qc-q__help", id: helpId }, help),
    h("p", { class: "qc-q__idle", id: idleId }, "根据已填写的情况，这一题目前不影响结果，可以不填。"),
    h("div", { class: "qc-choices" }, options));
}

function numberQuestion(fact, number) {
  const name = fact.name;
  const birth = isAge(fact);
  return h("div", { class: "qc-q", id: `q-${name}`, "data-question": name },
    h("label", { class: "qc-q__label", for: `f-${name}` },
      h("span", { class: "qc-q__number" }, `${number}.`), " ", fact.question),
    h("p", { class: "qc-q__help", id: `h-${name}` }, [fact.help, birth && "也可以写出生年份或出生日期（如 1941 或 " +
      "1941年3月5日）。", "不清楚可以空着。"].filter(Boolean).join("")),
    h("p", { class: "qc-q__idle", id: `i-${name}` }, "根据已填写的情况，这一题目前不影响结果，可以不填。"),
    h("div", { class: "qc-number" },
      h("input", {
        class: "qc-input", type: "text", id: `f-${name}`, name,
        inputmode: birth ? "text" : fact.type === "integer" ? "numeric" : "decimal", maxlength: birth ? 12 : 8,
        "aria-describedby": `h-${name} e-${name}${birth ? ` n-${name}` : ""}`,
      }),
      fact.unit && h("span", { class: "qc-number__unit" }, fact.unit)),
    h("p", { class: "qc-q__error", id: `e-${name}`, hidden: true }, rangeHint(fact)),
    birth && h("p", { class: "qc-q__note", id: `n-${name}`, "aria-live": "polite", hidden: true }));
}

// 问题按清单的 facts 排列；同一组（fact.group，组的标题和说明在 fact_groups 中）的几个问题放在一起，
// 一步一步回答时在同一屏。情形有通俗的问法（situation_questions）时用它，文件原文放在说明里。
function buildForm(compiled) {
  const container = $("qc-questions");
  const facts = Object.values(compiled.facts);
  const groups = compiled.fact_groups || {};
  const wrappers = new Map();
  const nodes = [];
  facts.forEach((fact, index) => {
    const choices = choicesOf(fact);
    const node = choices ? choiceGroup(fact.name, index + 1, fact.question, fact.help, choices)
      : numberQuestion(fact, index + 1);
    const group = fact.group && Object.hasOwn(groups, fact.group) ? fact.group : null;
    if (!group) {
      nodes.push(node);
      return;
    }
    if (!wrappers.has(group)) {
      const { title, help } = groups[group];
      const wrapper = h("div", { class: "qc-fgroup", "data-group": group, role: "group",
        "aria-labelledby": `g-${group}`, "aria-describedby": help ? `gh-${group}` : null },
      h("h3", { class: "qc-subheading qc-fgroup__title", id: `g-${group}` }, title),
      help && h("p", { class: "qc-q__help", id: `gh-${group}` }, help));
      wrappers.set(group, wrapper);
      nodes.push(wrapper);
    }
    wrappers.get(group).append(node);
  });
  const situations = Object.entries(compiled.situations || {});
  const plain = compiled.situation_questions || {};
  const situationPart = situations.length && h("div", { class: "qc-situations" },
    h("h3", { class: "qc-subheading" }, "遇到以下情形时再填"),
    h("p", { class: "qc-q__help" }, "下面几项只在办理特定事项时才有关系，一般可以不填。"),
    situations.map(([key, text], index) => {
      const asked = Object.hasOwn(plain, key) && plain[key].question ? plain[key] : null;
      return choiceGroup(`${SITUATION_PREFIX}${key}`, facts.length + index + 1,
        asked ? asked.question : `是否遇到这种情形：${text}？`,
        asked ? [asked.help, !(asked.help || "").includes(text) && `文件原文：${text}`].filter(Boolean).join("") : "",
        [[true, "是"], [false, "否"]]);
    }));
  container.replaceChildren(...nodes, situationPart || "");
}

// 数字后面写了单位也接受：“85岁”“85周岁”（单位是“周岁”时），“20年”（单位是“年”时）。
function unitsOf(fact) {
  const unit = fact.unit || "";
  return unit.endsWith("岁") ? [unit, "岁"] : [unit].filter(Boolean);
}

function rangeHint(fact) {
  const kind = fact.type === "integer" ? "整数" : "数字";
  return `请填写 ${fact.min} 到 ${fact.max} 之间的${kind}${fact.unit ? `（单位：${fact.unit}）` : ""}。`;
}

// 以“岁”为单位的数字（年龄）也可以写成出生年份或出生日期。
function isAge(fact) {
  return unitsOf(fact).includes("岁");
}

// 读一个数字回答：{value}（空着为 undefined），或 {invalid: true, hint: 提示}；年龄写成出生年份或日期时另有
// note：换算所用的日期和得出的年龄。
function parseNumber(fact, text) {
  // 全角数字、小数点和日期的分隔符也接受（中文输入法常见）。
  let plain = text.trim().replace(/[０-９．－／]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const unit = unitsOf(fact).find((u) => plain.endsWith(u));
  if (unit) plain = plain.slice(0, -unit.length).trim();
  if (plain === "") return { value: undefined };
  const pattern = fact.type === "integer" ? /^\d+$/ : /^\d+(\.\d+)?$/;
  const value = Number(plain);
  if (pattern.test(plain) && value >= fact.min && value <= fact.max) return { value };
  const birth = isAge(fact) && birthAge(fact, plain);
  if (birth) return birth;
  return { invalid: true, hint: rangeHint(fact) };
}

// 出生年份或出生日期（1941、1941年、1941-03-05、1941/3/5、1941年3月5日）→ 到清单施行之日的周岁。这只是换算
// 写法，不是资格规则：只写了年份（或年月）、说不准那天是否已过生日时，按还没过算，并说明过了生日的年龄。
function birthAge(fact, plain) {
  const match = plain.match(/^(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?|月)?)?\s*(?:年)?\s*(?:出生|生)?$/);
  const listDate = state.compiled && (state.compiled.list.effective || state.compiled.list.revision);
  if (!match || !listDate) return null;
  const [year, month, day] = match.slice(1).map((part) => (part === undefined ? undefined : Number(part)));
  const [onYear, onMonth, onDay] = listDate.split("-").map(Number);
  const real = month === undefined || (month >= 1 && month <= 12 && (day === undefined ||
    (day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate())));
  const on = [onYear, onMonth, onDay];
  const written = [year, month, day].filter((part) => part !== undefined);
  const differs = written.findIndex((part, i) => part !== on[i]);
  const after = differs >= 0 && written[differs] > on[differs]; // （写出的部分晚于那一天）
  if (!real) return { invalid: true, hint: `“${plain}”不是有效的日期。请填写年龄，或者像 1941-03-05 这样写出生日期。` };
  if (after) return { invalid: true, hint: `出生日期晚于清单施行日期（${listDate}）。请检查，或者直接填写年龄。` };
  const passed = month !== undefined && (month < onMonth || (month === onMonth && day !== undefined && day <= onDay));
  const age = onYear - year - (passed ? 0 : 1);
  if (age < fact.min || age > fact.max) return { invalid: true, hint: rangeHint(fact) };
  const sure = day !== undefined || (month !== undefined && month !== onMonth);
  const note = `按清单施行日期 ${listDate} 计算：${age} ${fact.unit}。` + (sure ? "" : `只写了出生${month === undefined
    ? "年份" : "年月"}，按到这一天还没过生日算；已经过了生日的是 ${age + 1} ${fact.unit}，请直接填写 ${age + 1}。`);
  return { value: age, note };
}

// 从表单读出全部回答（无效的数字当作未填，并在题目下提示）。
function readForm() {
  const form = $("qc-form");
  const answers = {};
  for (const fact of Object.values(state.compiled.facts)) {
    if (choicesOf(fact)) {
      const checked = form.querySelector(`input[name="${fact.name}"]:checked`);
      if (checked && checked.value !== "") answers[fact.name] = JSON.parse(checked.value);
    } else {
      const input = $(`f-${fact.name}`);
      const { value, invalid, hint, note } = parseNumber(fact, input.value);
      input.setAttribute("aria-invalid", invalid ? "true" : "false");
      $(`e-${fact.name}`).hidden = !invalid;
      if (invalid) $(`e-${fact.name}`).textContent = hint;
      const noted = $(`n-${fact.name}`);
      if (noted && noted.textContent !== (note || "")) noted.textContent = note || "";
      if (noted) noted.hidden = !note;
      if (value !== undefined) answers[fact.name] = value;
    }
  }
  const situations = {};
  for (const key of Object.keys(state.compiled.situations || {})) {
    const checked = form.querySelector(`input[name="${SITUATION_PREFIX}${key}"]:checked`);
    if (checked && checked.value !== "") situations[key] = JSON.parse(checked.value);
  }
  state.answers = answers;
  state.situations = situations;
}

// 把回答填回表单（打开带回答的链接时）。
function writeForm(raw) {
  for (const fact of Object.values(state.compiled.facts)) {
    const text = raw.get(fact.name) ?? undefined;
    if (choicesOf(fact)) {
      const value = text === undefined ? undefined : decodeChoice(fact, text);
      const input = $(controlId(fact.name, value)) || $(controlId(fact.name, undefined));
      input.checked = true;
    } else {
      $(`f-${fact.name}`).value = text === undefined ? "" : text;
    }
  }
  for (const key of Object.keys(state.compiled.situations || {})) {
    const text = raw.get(`${SITUATION_PREFIX}${key}`);
    const value = text === "1" ? true : text === "0" ? false : undefined;
    $(controlId(`${SITUATION_PREFIX}${key}`, value)).checked = true;
  }
  readForm();
}

function decodeChoice(fact, text) {
  if (fact.type === "boolean") return text === "1" ? true : text === "0" ? false : undefined;
  if (fact.type === "enum") return Object.hasOwn(fact.values, text) ? text : undefined;
  return text;
}

// ------------------------------------------------------------------ 链接中的回答

function profile() {
  const result = { ...state.answers };
  if (Object.keys(state.situations).length) result.situations = { ...state.situations };
  return result;
}

function writeHash() {
  const params = new URLSearchParams({ region: state.code });
  for (const [name, value] of Object.entries(state.answers)) {
    params.set(name, typeof value === "boolean" ? (value ? "1" : "0") : String(value));
  }
  for (const [key, value] of Object.entries(state.situations)) {
    params.set(`${SITUATION_PREFIX}${key}`, value ? "1" : "0");
  }
  // 数字框里尚未填完整的内容也保留（刷新后原样显示）。
  for (const input of $("qc-questions").querySelectorAll("input.qc-input")) {
    if (input.getAttribute("aria-invalid") === "true") params.set(input.name, input.value.trim());
  }
  state.writtenHash = `#${params}`;
  history.replaceState(null, "", state.writtenHash);
  clearTimeout(state.qrTimer);
  state.qrTimer = setTimeout(drawQrCode, QR_DELAY_MS);
}

// 打印的权益清单上的二维码：本页现在的链接（# 之后是填写的情况），用手机扫码就能重新打开、恢复填写的情况。
// 回答停下来一会儿之后才画（QR_DELAY_MS），打印之前也画一次：画码要十几毫秒，不让它拖慢每次修改后的结果。
function drawQrCode() {
  clearTimeout(state.qrTimer);
  const href = location.href;
  if ($("qc-qr").dataset.href === href) return;
  qrcodeModule.then((qrcode) => {
    if (!qrcode || href !== location.href) return; // （链接又变了：已按新的链接再画）
    $("qc-qr").dataset.href = href;
    const code = qrcode(0, "M");
    code.addData(href);
    code.make();
    $("qc-qr-image").src = `data:image/svg+xml,${encodeURIComponent(code.createSvgTag({ margin: 4, scalable: true }))}`;
    $("qc-qr").hidden = false;
  });
}

function readHash() {
  const text = location.hash.slice(1);
  return text.includes("=") ? new URLSearchParams(text) : new URLSearchParams();
}

window.addEventListener("hashchange", () => {
  // 只理会带回答的链接（如用户粘贴了别人发来的链接）；页内跳转的 # 不改变回答。
  if (location.hash === state.writtenHash || !location.hash.includes("=")) return;
  restore(readHash());
});

// ------------------------------------------------------------------ 地区与计算

// 一个地区的答案表；取不到时为 null（测算程序就绪后照常计算）。
async function tableFor(code) {
  if (!state.tables.has(code)) {
    const text = await fetchText(tableUrl(code)).catch(() => null);
    state.tables.set(code, text && JSON.parse(text));
  }
  return state.tables.get(code);
}

// 在新地区的清单到达之前，计算和链接仍按原来的地区（计算线程还没有新地区的清单）。
async function selectRegion(code, raw) {
  state.wanted = code;
  const [text, , guidance] = await Promise.all([fetchText(dataUrl(code)), tableFor(code),
    fetchText(guidanceUrl(code)).then(JSON.parse).catch(() => null)]);
  if (state.wanted !== code) return; // 加载期间又换了地区
  const compiled = JSON.parse(text);
  const sameForm = state.compiled &&
    JSON.stringify([state.compiled.facts, state.compiled.situations]) ===
    JSON.stringify([compiled.facts, compiled.situations]);
  const keep = raw || (sameForm ? null : new URLSearchParams(state.writtenHash.slice(1)));
  state.compiled = compiled;
  state.guidance = guidance;
  const examples = guidance && Object.values(guidance.items).some((fields) =>
    Object.values(fields).some((value) => value.example));
  $("qc-guidance-note").hidden = !examples;
  $("qc-guidance-note").textContent = examples ? guidance.example_note : "";
  if (!sameForm) buildForm(compiled);
  if (keep) writeForm(keep);
  else readForm(); // （年龄写成出生日期时按新清单的施行日期换算）
  if (raw || !sameForm || !state.guide.history.length) resetGuide();
  showStep({ focus: false });
  if (!state.loaded.has(code)) {
    send({ type: "load", code, text });
    state.loaded.add(code);
  }
  state.code = code;
  changed();
}

function changed(at = performance.now()) {
  state.changedAt = at;
  state.queued = true;
  if (!engine.ready) showTable();
  request();
  writeHash();
}

// 同一时刻只有一个计算请求；计算期间的修改合并成一次，结果一到就按最新的回答再算。
function request() {
  if (state.inFlight || !state.queued) return;
  state.queued = false;
  state.inFlight = true;
  state.requested += 1;
  send({ type: "evaluate", id: state.requested, code: state.code, profile: JSON.stringify(profile()) });
}

function restore(raw) {
  const code = raw.get("region");
  const known = state.regions.some((region) => region.code === code) ? code : state.regions[0].code;
  $("qc-region").value = known;
  return selectRegion(known, raw);
}

// ------------------------------------------------------------------ 结果

function showResult({ id, json }) {
  state.inFlight = false;
  if (id !== state.requested || state.queued) {
    request(); // 回答已经又改了：这个结果过时了，按最新的回答再算
    return;
  }
  const result = JSON.parse(json);
  const problems = $("qc-problems");
  problems.hidden = !result.problems;
  if (result.problems) {
    problems.replaceChildren(h("p", {}, "填写的内容有误，请检查："),
      h("ul", {}, result.problems.map((p) => h("li", {}, p))));
    return;
  }
  present(result);
  const results = $("qc-results");
  state.rendered += 1;
  results.dataset.source = "engine";
  results.dataset.seq = String(state.rendered);
  results.dataset.region = result.region.code;
  results.dataset.profile = JSON.stringify(sortedKeys(profile()));
  results.dataset.evalMs = (performance.now() - state.changedAt).toFixed(1);
  if (state.rendered === 1) performance.mark("qc-first-result");
}

// 测算程序就绪之前：答案表中查出的结果（只按表中那几个问题的回答；其他回答要等测算程序）。
function showTable() {
  const table = state.tables.get(state.code);
  if (!table || !state.lookup) return;
  const result = state.lookup.lookup(table, profile());
  if (!result) return;
  present(result, state.lookup.unanswered(table, profile()).length === 0); // （表只按其中几个问题算）
  const results = $("qc-results");
  state.tableShown += 1;
  results.dataset.source = "table";
  results.dataset.tableSeq = String(state.tableShown);
  results.dataset.tableProfile = JSON.stringify(sortedKeys(profile()));
  const names = state.lookup.questions(table).map(factLabel).join("、");
  const later = state.lookup.unanswered(table, profile()).map((name) => name.startsWith("situations.")
    ? state.compiled.situations[name.slice("situations.".length)] : factLabel(name));
  if (engine.failed) {
    if (state.tableShown === 1) explainFailure();
    return;
  }
  $("qc-status-note").textContent = `下面先显示按地区和${names}预先算好的结果；测算程序下载完成后，` +
    `会按您的全部回答重新计算${later.length ? `（“${later.join("”“")}”等回答届时计入）` : ""}。` +
    "下载时您可以继续填写，填写的内容不会丢失。";
}

function present(result, current = true) {
  $("qc-problems").hidden = true;
  if (current) state.latest = { key: answersKey(), result };
  if (state.guide.waiting && current) goNext();
  else updateProgress();
  const shown = JSON.stringify([result, state.answers, state.situations]);
  if (shown === state.presented) return; // （测算程序算出的与答案表的相同：不重画，页面不跳动）
  state.presented = shown;
  render(result);
  markQuestions(result);
  if (state.rendered + state.tableShown === 0) {
    performance.mark("qc-first-answer");
    updateBar();
  }
}

function itemUrl(id) {
  return settings.root + settings.item_url.replace("{id}", encodeURIComponent(id));
}

function factLabel(name) {
  return state.compiled.facts[name].label;
}

function focusQuestion(name) {
  if ($("qc").dataset.view === "guided") goToQuestion(name);
  const question = $(`q-${name}`);
  if (!question) return;
  question.scrollIntoView({ block: "center", behavior: "smooth" });
  const input = question.querySelector("input:checked") || question.querySelector("input, select");
  if (input) input.focus({ preventScroll: true });
}

function askButton(name, text) {
  const button = h("button", { type: "button", class: "qc-ask__button" }, text);
  button.addEventListener("click", () => focusQuestion(name));
  return button;
}

function benefitItem(benefit) {
  const overlap = benefit.overlap && benefit.overlap.with.length > 0 && benefit.overlap;
  const others = overlap && [...new Set(overlap.with.map((o) => `第 ${o.number} 项“${o.item}”`))].join("、");
  return h("li", {
    class: "qc-benefit", "data-term-id": benefit.id, "data-kind": benefit.kind, "data-applies": benefit.applies,
    "data-value": benefit.measure ?? "", "data-example": benefit.example,
    "data-not-summed-with": overlap ? overlap.with.map((o) => o.number).join(" ") : null,
  },
  h("strong", {}, benefit.label), "：", benefit.text,
  benefit.example && h("span", { class: "qc-badge qc-badge--example" }, "示例数值"),
  benefit.applies === "maybe" && h("span", { class: "qc-benefit__when" }, `（需要符合：${benefit.when}）`),
  overlap && h("span", { class: "qc-benefit__overlap" }, `不能与${others}相加：${overlap.text}`));
}

// 只适用其一的几条标准（如按护理等级的护理补贴）：引擎合并好的一句话在前，各条在其下。
function benefitList(result) {
  const grouped = new Map(result.alternatives.flatMap((group) => group.terms.map((id) => [id, group])));
  const items = [];
  for (const benefit of result.benefits) {
    const group = grouped.get(benefit.id);
    if (!group) items.push(benefitItem(benefit));
    else if (benefit.id === group.terms[0]) {
      const members = result.benefits.filter((b) => group.terms.includes(b.id));
      items.push(h("li", { class: "qc-benefit-group", "data-alternatives": group.label },
        h("strong", {}, group.label), "：", group.text,
        group.example && h("span", { class: "qc-badge qc-badge--example" }, "示例数值"),
        h("ul", { class: "qc-benefits qc-benefits--alternatives" }, members.map(benefitItem))));
    }
  }
  return h("ul", { class: "qc-benefits" }, items);
}

// 原文留给认定或县（区）决定的原因，以及结果所依据的解读（都在打印的权益清单中保留）。
function notesOf(result) {
  const reasons = result.status === "conditional" && result.reasons.length > 0 &&
    h("p", { class: "qc-item__reason" },
      `${result.missing.length || result.situations.length ? "说明" : "原因"}：${result.reasons.join("；")}`);
  const readings = result.interpretations.length > 0 && h("div", { class: "qc-item__readings" },
    h("p", { class: "qc-item__subtitle" }, "这个结果用到的解读（文件本身没有给出定义，以有关部门的认定为准）："),
    h("ul", { class: "qc-readings" }, result.interpretations.map((reading) =>
      h("li", { "data-interpretation": reading.id },
        h("span", { class: "qc-badge qc-badge--reading" }, "解读"), " ",
        h("strong", {}, reading.label), h("span", { class: "qc-reading__text" }, "：", reading.text), " ",
        h("a", { href: `${settings.root}${settings.interpretations_url}#${encodeURIComponent(reading.id)}` },
          "原文和理由")))));
  return [reasons, readings];
}

// 办理指南：到哪里办、带什么（data/guidance/<地区代码>.json，与项目页上的相同）；编造的内容都标“示例”，电话标
// “示例号码，请勿拨打”。只列可以享受和可能可以享受的项目。与各项共同的办理地点（common）相同的几行在打印的
// 权益清单中省去：清单开头已经写了一次。
function guidanceBlock(result) {
  const guidance = state.guidance;
  if (!guidance || result.status === "ineligible") return null;
  const known = state.guidanceBlocks.get(result.id);
  if (known && known.guidance === guidance) return known.node.cloneNode(true);
  const node = h("div", { class: "qc-item__part qc-guidance", "data-guidance": result.id },
    h("p", { class: "qc-item__subtitle" }, "怎样办理："),
    guidanceList(guidance.items[result.id] || {}, guidance.common));
  state.guidanceBlocks.set(result.id, { guidance, node });
  return node.cloneNode(true);
}

// values：一个项目（或共同）的办理指南；common：共同的办理指南（与它相同的行标上 data-common），null 时不比较。
function guidanceList(values, common) {
  const guidance = state.guidance;
  const keys = Object.keys(guidance.fields).filter((key) => key in values);
  if (keys.length === 0) return h("p", {}, guidance.missing);
  return h("dl", { class: "qc-guidance__list" }, keys.map((key) => {
    const value = values[key];
    const same = common !== null && JSON.stringify(value) === JSON.stringify(common[key]);
    return h("div", { "data-field": key, "data-common": same },
      h("dt", {}, guidance.fields[key]),
      h("dd", {}, Array.isArray(value.value) ? h("ul", {}, value.value.map((line) => h("li", {}, line))) : value.value,
        value.example && h("span", { class: "qc-badge qc-badge--example" }, guidance.example_labels[key]),
        value.region !== guidance.region.name && h("span", { class: "qc-guidance__from" }, `（沿用${value.region}的）`)));
  }));
}

function itemCard(result) {
  const conditional = result.status === "conditional";
  const asks = conditional && [
    ...result.missing.map((name) => askButton(name, factLabel(name))),
    ...result.situations.map((s) => askButton(`${SITUATION_PREFIX}${s.id}`, s.text)),
  ];
  return h("li", { class: "qc-item", "data-item-number": result.number, "data-item-id": result.id,
    "data-status": result.status },
  h("h4", { class: "qc-item__title" },
    h("span", { class: "qc-item__number" }, `第 ${result.number} 项`), " ", result.name,
    result.local && h("span", { class: "qc-badge" }, "本地新增")),
  h("p", { class: "qc-item__meta" }, `办理部门：${result.department}　服务类型：${result.type}`),
  result.why_not && h("p", { class: "qc-item__why" }, `不符合的条件：${result.why_not}`),
  asks && asks.length > 0 && h("div", { class: "qc-ask" },
    h("p", { class: "qc-ask__title" }, "回答以下问题可以确定："),
    h("ul", { class: "qc-ask__list" }, asks.map((button) => h("li", {}, button)))),
  notesOf(result),
  result.benefits.length > 0 && h("div", { class: "qc-item__part" },
    h("p", { class: "qc-item__subtitle" }, result.status === "ineligible" ? "该项目的服务内容和标准：" : "服务内容和标准："),
    benefitList(result)),
  guidanceBlock(result),
  criteriaBlock(result.criteria),
  h("p", { class: "qc-item__link" }, h("a", { href: itemUrl(result.id) }, `查看“${result.name}”的详细说明`)));
}

// 逐条对照条件：折叠着，打开时才建列表。改一个回答（如年龄）时，多数项目只有这里的说明变了：项目的卡片
// 留在原处（见 card），只更新这一块，页面因此很快就能显示新的结果。
function criteriaBlock(criteria) {
  const summary = h("summary", {}, "");
  const details = h("details", { class: "qc-item__reasons" }, summary);
  const show = () => {
    if (!details.open) return;
    const list = h("ul", { class: "qc-reasons" }, details.criteria.map((c) =>
      h("li", { "data-result": c.result },
        h("span", { class: `qc-mark qc-mark--${c.result}` }, CRITERION[c.result]), " ", c.text, "：", c.detail)));
    if (details.childElementCount > 1) details.lastElementChild.replaceWith(list);
    else details.append(list);
  };
  details.addEventListener("toggle", show);
  details.update = (next) => {
    if (JSON.stringify(next) === JSON.stringify(details.criteria)) return;
    details.criteria = next;
    summary.textContent = `逐条对照条件（${next.length} 条）`;
    show();
  };
  details.update(criteria);
  return details;
}

function counts(result, short = false) {
  const groups = short ? GROUPS.slice(0, 2) : GROUPS;
  return groups.map(([status, title]) => `${title} ${result.results.filter((r) => r.status === status).length} 项`)
    .join("，");
}

// 结果不在屏幕上时（例如手机上正在填写靠前的问题），底部显示一条结果概要和“查看结果”按钮。
function updateBar() {
  const bar = $("qc-bar");
  bar.hidden = state.resultsVisible || state.rendered === 0;
  $("qc").classList.toggle("qc--bar", !bar.hidden);
}

function followResults() {
  new IntersectionObserver(([entry]) => {
    state.resultsVisible = entry.isIntersecting;
    updateBar();
  }).observe($("qc-results"));
  $("qc-bar-button").addEventListener("click", () => {
    const title = $("qc-results-title");
    title.scrollIntoView({ block: "start", behavior: "smooth" });
    title.focus({ preventScroll: true });
  });
}

// 三组结果的容器只建一次；每次只替换内容有变化的项目（其余节点原样保留），改一个回答后很快就能显示。
function groupSections() {
  if (state.groups) return state.groups;
  state.groups = Object.fromEntries(GROUPS.map(([status, title]) => {
    const heading = h("span", { class: "qc-group__title" });
    const list = h("ol", { class: "qc-items" });
    const empty = h("p", {}, "暂无。");
    let section;
    if (status === "ineligible") {
      const details = h("details", { class: "qc-group__more" },
        h("summary", {}, heading, " ", h("span", { class: "qc-group__hint" }, "点这里查看原因")), list);
      section = h("section", { class: `qc-group qc-group--${status}`, "data-status": status }, details);
    } else {
      section = h("section", { class: `qc-group qc-group--${status}`, "data-status": status },
        h("h3", { class: "qc-group__title" }, heading), list, empty);
    }
    return [status, { title, heading, list, empty, section }];
  }));
  state.example = h("p", { class: "qc-example-note" });
  state.money = h("section", { class: "qc-money", "aria-labelledby": "qc-money-title" });
  state.cards = new Map(); // 项目序号 → {key, node}
  $("qc-groups").replaceChildren(state.example, state.money, ...Object.values(state.groups).map((g) => g.section));
  return state.groups;
}

// 一个项目的卡片：除“逐条对照条件”以外都没有变化时沿用原来的节点，只更新那一块。
function card(result) {
  const key = JSON.stringify([{ ...result, criteria: null }, state.guidance && state.guidance.region.code]);
  const cached = state.cards.get(result.number);
  if (cached && cached.key === key) {
    cached.node.querySelector(".qc-item__reasons").update(result.criteria);
    return cached.node;
  }
  const node = itemCard(result);
  state.cards.set(result.number, { key, node });
  return node;
}

// 钱放在最前面：每月至少可领的合计（引擎只把文件写定的金额相加：generator/engine/money.py），其下是计入的各项，
// 再下是没有计入的钱和原因（什么都不悄悄相加，也不悄悄略去）。
function renderMoney(money) {
  const text = JSON.stringify(money || null);
  if (text === state.moneyShown) return;
  state.moneyShown = text;
  const box = state.money;
  box.hidden = !money || (money.counted.length + money.not_counted.length === 0);
  if (box.hidden) return;
  const example = (m) => m.example && h("span", { class: "qc-badge qc-badge--example" }, "示例数值");
  const line = (m) => `第 ${m.number} 项 ${m.name}${m.label === m.name ? "" : `（${m.label}）`}：${m.text}`;
  box.replaceChildren(
    h("h3", { class: "qc-money__title", id: "qc-money-title" },
      money.counted.length ? `${money.text}（以下各项合计）` : "每月至少可领：暂无可以确定的金额",
      money.example && h("span", { class: "qc-badge qc-badge--example" }, "含示例数值")),
    money.counted.length > 0 && h("ul", { class: "qc-money__list" },
      money.counted.map((m) => h("li", { "data-item-number": m.number }, line(m), example(m)))),
    money.not_counted.length > 0 && h("p", { class: "qc-money__subtitle" }, "没有计入合计的钱："),
    money.not_counted.length > 0 && h("ul", { class: "qc-money__list qc-money__list--left-out" },
      money.not_counted.map((m) => h("li", { "data-item-number": m.number }, line(m), example(m), `。${m.why}。`))));
}

// 同一组中，有钱可领的项目在前（先是计入合计的，再是其他发钱的），其余按序号。
function moneyFirst(result) {
  const counted = new Set((result.money ? result.money.counted : []).map((m) => m.number));
  const pays = (r) => r.benefits.some((b) => b.kind === "amount" && b.amount && b.amount.unit === "元");
  const rank = (r) => (counted.has(r.number) ? 0 : pays(r) ? 1 : 2);
  return (a, b) => rank(a) - rank(b) || a.number - b.number;
}

function render(result) {
  const groups = groupSections();
  renderMoney(result.money);
  const order = moneyFirst(result);
  for (const [status, group] of Object.entries(groups)) {
    const items = result.results.filter((r) => r.status === status).sort(order);
    group.heading.textContent = `${group.title}（${items.length} 项）`;
    placeChildren(group.list, items.map(card));
    group.empty.hidden = items.length > 0;
  }
  state.example.hidden = !result.list.example;
  state.example.replaceChildren(h("span", { class: "qc-badge qc-badge--example" }, "示例"),
    ` ${result.region.name}的清单是示例数据，不是正式发布的文件，数值仅供演示。`);
  const conditional = result.results.some((r) => r.status === "conditional");
  const summary = `${counts(result)}。` + (conditional ? "回答更多问题，可以让“可能可以享受”的结果更确定。" : "");
  $("qc-summary").textContent = summary;
  $("qc-bar-text").textContent = counts(result, true);
  renderPrintHead(result);
  announce(`结果已更新：${counts(result)}。`);
}

// 让 list 的子节点依次为 nodes：只插入、移动或删除不同的节点，没变的项目留在原处（整组替换慢得多）。
function placeChildren(list, nodes) {
  nodes.forEach((node, i) => {
    const present = list.children[i];
    if (present !== node) list.insertBefore(node, present || null);
  });
  while (list.children.length > nodes.length) list.lastElementChild.remove();
}

function answerText(name, value) {
  const fact = state.compiled.facts[name];
  if (fact.type === "enum") return fact.values[value];
  if (fact.type === "boolean") return value ? "是" : "否";
  return (fact.value_labels || {})[String(value)] || `${value}${fact.unit || ""}`;
}

function renderPrintHead(result) {
  const list = result.list;
  const answered = Object.entries(state.answers).map(([name, value]) => `${factLabel(name)}：${answerText(name, value)}`);
  const situations = Object.entries(state.situations)
    .map(([key, value]) => `${state.compiled.situations[key]}：${value ? "是" : "否"}`);
  const today = new Date().toLocaleDateString("zh-CN");
  if (state.guidance && state.printGuidance?.region !== state.guidance) {
    state.printGuidance = { region: state.guidance, node: h("div", { class: "qc-print-head__guidance" },
      h("p", { class: "qc-print-head__subtitle" }, "到哪里办、带什么（下列各项另有写明的，按各项写的办）："),
      guidanceList(state.guidance.common, null)) };
  }
  $("qc-print-head").replaceChildren(
    h("p", { class: "qc-print-head__title" }, `${result.region.name}基本养老服务权益清单（自测）`),
    h("p", {}, `依据：${list.title}${list.document_number ? `（${list.document_number}）` : ""}，` +
      `修订版 ${list.revision}${list.example ? "（示例数据）" : ""}。测算日期：${today}。`),
    h("p", {}, `填写的情况：${[...answered, ...situations].join("；") || "（未填写）"}。`),
    h("p", {}, "本清单由网站“资格自测”根据填写的情况生成，仅供参考；是否可以享受、享受多少，以办理部门的认定为准。"),
    state.guidance && state.printGuidance.node,
  );
}

function announce(text) {
  clearTimeout(state.announceTimer);
  state.announceTimer = setTimeout(() => {
    if (text === state.lastAnnounced) return;
    state.lastAnnounced = text;
    $("qc-announce").textContent = text;
  }, 1000);
}

// 仍可能改变结果的问题名（表单中的写法：事实名，情形带 s. 前缀），按引擎的顺序：deciding_facts（引擎把能改变
// 最多项目的排在前面），然后是尚未排除的项目还要确认的情形（按清单的顺序）。
function decidingNames(result) {
  const open = new Set(result.results.filter((r) => r.status !== "ineligible")
    .flatMap((r) => r.situations.map((s) => s.id)));
  return [...result.deciding_facts.filter((name) => Object.hasOwn(state.compiled.facts, name)),
    ...Object.keys(state.compiled.situations || {}).filter((key) => open.has(key))
      .map((key) => `${SITUATION_PREFIX}${key}`)];
}

function isAnswered(name) {
  return name.startsWith(SITUATION_PREFIX) ? name.slice(SITUATION_PREFIX.length) in state.situations
    : name in state.answers;
}

// 对目前的回答已经不能改变任何结果的问题淡化显示。
function markQuestions(result) {
  const deciding = new Set(decidingNames(result));
  for (const question of $("qc-questions").querySelectorAll("[data-question]")) {
    const name = question.dataset.question;
    const idle = String(!isAnswered(name) && !deciding.has(name));
    if (question.dataset.idle !== idle) question.dataset.idle = idle; // 只在变化时改动，免得整页重新排版
  }
}

// ------------------------------------------------------------------ 一步一步回答

// 每屏一个问题（同一组的几个问题一屏）：先问住在哪里和年龄（清单的第一个事实），之后只问按最近的结果仍可能
// 改变结果的问题，按引擎给出的顺序（decidingNames）。这里不判断任何资格：下一题只从引擎的结果中取。
// state.guide.history 是走过的各步（每步是几个问题名，"region" 是地区），index 是现在这一步；“上一步”沿原路
// 返回，“下一步”走到原路上的下一步（若它已回答或仍起作用），否则按最新的结果选一个还没问过的问题。
const REGION_STEP = "region";

function fixedSteps() {
  return [[REGION_STEP], [Object.keys(state.compiled.facts)[0]]];
}

// 重新开始：打开带回答的链接时，已回答的问题按表单的顺序排在前两步之后，停在第二步（年龄），可以逐步核对。
function resetGuide() {
  const history = fixedSteps();
  const asked = new Set(history.flat());
  const names = [...$("qc-questions").querySelectorAll("[data-question]")].map((q) => q.dataset.question);
  const groupOf = (name) => (state.compiled.facts[name] || {}).group;
  for (const name of names) {
    if (asked.has(name) || !isAnswered(name)) continue;
    const group = groupOf(name);
    const step = group ? names.filter((n) => groupOf(n) === group && isAnswered(n) && !asked.has(n)) : [name];
    step.forEach((n) => asked.add(n));
    history.push(step);
  }
  const answered = Object.keys(state.answers).length + Object.keys(state.situations).length > 0;
  state.guide = { history, index: answered ? 1 : 0, done: false, waiting: false };
}

function stepElement(name) {
  return name === REGION_STEP ? $("q-region") : $(`q-${name}`);
}

// 按目前全部回答算出的结果；没有时（正在计算）为 null。测算程序无法运行时，用已显示的（答案表的）结果。
function currentResult() {
  if (state.latest && state.latest.key === answersKey()) return state.latest.result;
  return engine.failed && state.latest ? state.latest.result : null;
}

function answersKey() {
  return `${state.code}|${JSON.stringify(sortedKeys(profile()))}`;
}

// 原路上第 i 步还要不要走：前两步总要；其余的，已回答或仍可能改变结果的才走。
function keepStep(step, i, deciding) {
  return i < fixedSteps().length || step.some((name) => isAnswered(name) || deciding.has(name));
}

// 还没问过、仍可能改变结果的问题，每步一个（同一组的在同一步）。
function freshSteps(result) {
  const asked = new Set(state.guide.history.flat());
  const steps = [];
  const groups = new Map();
  for (const name of decidingNames(result)) {
    if (asked.has(name) || isAnswered(name)) continue;
    const group = (state.compiled.facts[name] || {}).group;
    if (group && groups.has(group)) {
      groups.get(group).push(name);
      continue;
    }
    const step = [name];
    if (group) groups.set(group, step);
    steps.push(step);
  }
  return steps;
}

function goNext() {
  const guide = state.guide;
  if (guide.done || !state.compiled) return;
  const invalid = guide.history[guide.index].map((name) => $(`f-${name}`))
    .find((input) => input && input.getAttribute("aria-invalid") === "true");
  if (invalid) {
    invalid.focus();
    return;
  }
  const next = guide.index + 1;
  if (next < fixedSteps().length) {
    guide.index = next;
    showStep();
    return;
  }
  const result = currentResult();
  guide.waiting = !result;
  $("qc-wait").hidden = !guide.waiting;
  if (!result) return; // （结果一到就接着走：见 present）
  const deciding = new Set(decidingNames(result));
  while (next < guide.history.length && !keepStep(guide.history[next], next, deciding)) guide.history.splice(next, 1);
  if (next === guide.history.length) {
    const [step] = freshSteps(result);
    if (step) guide.history.push(step);
  }
  if (next < guide.history.length) guide.index = next;
  else guide.done = true;
  showStep();
}

function goBack() {
  const guide = state.guide;
  guide.waiting = false;
  $("qc-wait").hidden = true;
  if (guide.done) guide.done = false;
  else if (guide.index > 0) guide.index -= 1;
  showStep();
}

// 显示现在这一步的问题（其余的问题在一步一步回答时不显示），并把焦点放到它的第一个选项上。
function showStep({ focus = true } = {}) {
  const guide = state.guide;
  if (!guide.history.length) return;
  const current = guide.done ? [] : guide.history[guide.index];
  for (const element of $("qc-form").querySelectorAll("[data-current]")) element.removeAttribute("data-current");
  for (const name of current) {
    const question = stepElement(name);
    if (!question) continue;
    question.dataset.current = "";
    const group = question.closest(".qc-fgroup, .qc-situations");
    if (group) group.dataset.current = "";
  }
  $("qc-done").hidden = !guide.done;
  $("qc-next").hidden = guide.done;
  $("qc-back").disabled = guide.index === 0 && !guide.done;
  updateProgress();
  if (!focus || $("qc").dataset.view !== "guided") return;
  $("qc-step").scrollIntoView({ block: "nearest" });
  if (guide.done) {
    $("qc-done").focus();
    return;
  }
  const first = stepElement(current[0]);
  const input = first && (first.querySelector("input:checked") || first.querySelector("input, select"));
  if (input) input.focus({ preventScroll: true });
}

// “第 3 步，共约 7 步”：走过的步数加上按最近的结果还要问的（原路上仍要走的和还没问过的）。
function updateProgress() {
  const guide = state.guide;
  if (!guide.history.length) return;
  let text;
  if (guide.done) {
    text = `问题问完了，共 ${guide.history.length} 步。`;
  } else {
    const result = currentResult() || (state.latest && state.latest.result);
    const deciding = new Set(result ? decidingNames(result) : []);
    const later = guide.history.slice(guide.index + 1).filter((step, i) => keepStep(step, guide.index + 1 + i, deciding));
    const total = guide.index + 1 + later.length + (result ? freshSteps(result).length : 0);
    text = `第 ${guide.index + 1} 步，共约 ${total} 步`;
  }
  if ($("qc-step").textContent !== text) $("qc-step").textContent = text;
}

// 在问题的“回答以下问题可以确定”按钮按下时，一步一步回答也走到那个问题（原路上没有的，插在这一步之后）。
function goToQuestion(name) {
  const guide = state.guide;
  let at = guide.history.findIndex((step) => step.includes(name));
  if (at < 0) {
    at = guide.done ? guide.history.length : guide.index + 1;
    guide.history.splice(at, 0, [name]);
  }
  guide.index = at;
  guide.done = false;
  showStep({ focus: false });
}

const VIEW_KEY = "qc-view"; // 本机记住的显示方式（只是显示偏好，不是填写的内容）

function setView(view) {
  $("qc").dataset.view = view;
  $("qc-view").textContent = view === "guided" ? "一次看全部问题" : "一步一步回答";
  showStep({ focus: false });
}

// ------------------------------------------------------------------ 启动

async function start() {
  $("qc").hidden = false;
  $("qc-form").addEventListener("input", (event) => {
    if (event.target.id === "qc-region") return;
    const at = performance.now();
    readForm();
    changed(at);
  });
  $("qc-form").addEventListener("submit", (event) => event.preventDefault());
  $("qc-form").addEventListener("keydown", (event) => { // 一步一步回答时，在数字框里按回车 = 下一步
    if (event.key === "Enter" && event.target.matches("input.qc-input") && $("qc").dataset.view === "guided") {
      event.preventDefault();
      goNext();
    }
  });
  $("qc-next").addEventListener("click", goNext);
  $("qc-back").addEventListener("click", goBack);
  $("qc-done-results").addEventListener("click", () => $("qc-bar-button").click());
  $("qc-view").addEventListener("click", () => {
    const view = $("qc").dataset.view === "guided" ? "all" : "guided";
    setView(view);
    try {
      localStorage.setItem(VIEW_KEY, view);
    } catch {
      // （浏览器不让保存：下次打开仍是一步一步回答）
    }
  });
  try {
    if (localStorage.getItem(VIEW_KEY) === "all") setView("all");
  } catch {
    // （同上）
  }
  $("qc-region").addEventListener("change", (event) => selectRegion(event.target.value, null));
  $("qc-clear").addEventListener("click", () => {
    if (!state.compiled) return; // （清单还没到：没有可清除的回答）
    writeForm(new URLSearchParams());
    changed();
    resetGuide();
    state.guide.index = 1; // （地区不变：从年龄开始）
    showStep({ focus: false });
    $(`f-${Object.keys(state.compiled.facts)[0]}`)?.focus();
  });
  $("qc-print").addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", drawQrCode);
  followResults();
  $("qc-copy").addEventListener("click", async () => {
    const note = $("qc-share-note");
    try {
      await navigator.clipboard.writeText(location.href);
      note.textContent = "已复制本页链接。把它粘贴到聊天或备忘录里，打开后会恢复填写的内容。";
    } catch {
      note.textContent = "无法自动复制，请从浏览器的地址栏复制本页链接。";
    }
  });
  try {
    [state.regions, state.lookup] = await Promise.all([
      fetchText(absolute(settings.regions)).then(JSON.parse), answersModule.catch(() => null)]);
    $("qc-region").replaceChildren(...state.regions.map((region) =>
      h("option", { value: region.code }, region.name + (region.example ? "（示例）" : ""))));
    await restore(readHash());
  } catch (error) {
    fail(`无法读取服务清单（${error.message}）。`);
  }
}

// 不等页面解析完就开始取地区列表、链接中（或默认）地区的清单、答案表和办理指南。
fetchText(absolute(settings.regions)).catch(() => {});
const firstRegion = readHash().get("region") || settings.default_region;
fetchText(dataUrl(firstRegion)).catch(() => {});
fetchText(tableUrl(firstRegion)).catch(() => {});
fetchText(guidanceUrl(firstRegion)).catch(() => {}); // （第一批结果要等它：一起先取）
try {
  startEngine();
} catch (error) { // （答案表照常查）
  domReady.then(() => fail(`计算线程无法启动（${error.message}）。`));
}
domReady.then(start);
