// 资格自测的计算线程（Web Worker）：在这里启动 Pyodide，装入本项目的 wheel，运行与命令行相同的规则引擎
// generator.engine。页面在下载和启动期间不会卡住，老人可以一边等一边填写。
//
// 这里没有任何资格规则，只做搬运：收到清单（编译后的 JSON 文本）和个人情况（JSON 文本），交给 Python，
// 再把 Python 返回的 JSON 文本原样送回页面。
//
// 消息（页面 → 本线程）：
//   {type: "boot", pyodide, lock, wheel, download_bytes}
//       启动。pyodide：运行时目录的绝对 URL；lock：不含任何包的 lock 文件内容；wheel：wheel 的绝对 URL
//       （或 Node 中的绝对路径）；download_bytes：运行时文件的总字节数（显示下载进度）
//   {type: "load", code, text}              装入一个地区的清单（编译后的 JSON 文本）
//   {type: "evaluate", id, code, profile}   计算；profile 为个人情况的 JSON 文本
// 消息（本线程 → 页面）：
//   {type: "progress", stage, loaded, total}   stage: "download"（下载中）| "engine"（装入规则引擎）
//   {type: "ready"}
//   {type: "result", id, json}                 json 为 Engine.evaluate() 的 JSON 文本，或 {"problems": [...]}
//   {type: "error", message}

const GLUE = `
import json
from generator.engine import Engine, ProfileError

engines = {}

def load(code, text):
    engines[code] = Engine(json.loads(text))

def evaluate(code, profile):
    try:
        return json.dumps(engines[code].evaluate(json.loads(profile)), ensure_ascii=False)
    except ProfileError as error:
        return json.dumps({"problems": error.problems}, ensure_ascii=False)
`;

let python = null; // {load, evaluate}：Python 函数
let pending = Promise.resolve(); // 消息按到达顺序逐个处理

// 统计运行时文件已下载的字节数（显示进度）：读的是响应的副本，原响应原样交给 Pyodide
// （保留其网址，浏览器才能缓存编译好的 WebAssembly，再次打开时更快）。
function countDownloads(prefix, total) {
  const realFetch = self.fetch.bind(self);
  let loaded = 0;
  let reported = -1; // 已报告的百分比：每变化 1% 才发一次消息
  const count = async (body) => {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      loaded += value.byteLength;
      const percent = Math.floor((loaded / total) * 100);
      if (percent !== reported) {
        reported = percent;
        self.postMessage({ type: "progress", stage: "download", loaded, total });
      }
    }
  };
  self.fetch = async (input, init) => {
    const response = await realFetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (url.startsWith(prefix) && response.body) count(response.clone().body).catch(() => {});
    return response;
  };
}

async function boot({ pyodide: indexURL, lock, wheel, download_bytes: total }) {
  countDownloads(indexURL, total);
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  // lockFileContents 不含任何包：Pyodide 不会按包名去任何地方（包括 CDN）下载东西。
  const pyodide = await loadPyodide({ indexURL, lockFileContents: lock, stdout: () => {}, stderr: () => {} });
  self.postMessage({ type: "progress", stage: "engine" });
  const problems = [];
  await pyodide.loadPackage(wheel, { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
  if (problems.length) throw new Error(problems.join("\n"));
  const namespace = pyodide.globals.get("dict")();
  pyodide.runPython(GLUE, { globals: namespace });
  python = { load: namespace.get("load"), evaluate: namespace.get("evaluate") };
  self.postMessage({ type: "ready" });
}

function handle(message) {
  switch (message.type) {
    case "boot":
      return boot(message);
    case "load":
      python.load(message.code, message.text);
      return undefined;
    case "evaluate":
      self.postMessage({ type: "result", id: message.id, json: python.evaluate(message.code, message.profile) });
      return undefined;
    default:
      throw new Error(`未知的消息：${message.type}`);
  }
}

self.onmessage = (event) => {
  pending = pending.then(() => handle(event.data)).catch((error) => {
    self.postMessage({ type: "error", message: String((error && error.message) || error) });
  });
};
