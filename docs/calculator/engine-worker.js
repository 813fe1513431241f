// 资格自测的计算线程（Web Worker）：在这里启动 Pyodide，装入本项目的 wheel，运行与命令行相同的规则引擎
// generator.engine。页面在下载和启动期间不会卡住，老人可以一边等一边填写。
//
// wheel 与 Pyodide 同时下载，不经 loadPackage 安装，而是放进 Pyodide 的文件系统、加到 sys.path 上，由 Python
// 的 zipimport 直接从中导入（纯 Python 的 wheel 本身就是可导入的 zip）：安装 wheel 要用到的标准库模块
// （tarfile、zipfile、shutil、importlib.metadata 等）因此不必下载（见 generator/site/calculator/stdlib.py）。
//
// 这里没有任何资格规则，只做搬运：收到清单（编译后的 JSON 文本）和个人情况（JSON 文本），交给 Python，
// 再把 Python 返回的 JSON 文本原样送回页面。
//
// 消息（页面 → 本线程）：
//   {type: "boot", pyodide, lock, wheel, downloads}
//       启动。pyodide：运行时目录的绝对 URL；lock：不含任何包的 lock 文件内容；wheel：wheel 的绝对 URL；
//       downloads：本线程用 fetch 下载的文件 → 解压后的字节数（显示下载进度）
//   {type: "load", code, text}              装入一个地区的清单（编译后的 JSON 文本）
//   {type: "evaluate", id, code, profile}   计算；profile 为个人情况的 JSON 文本
//   {type: "imported"}                      Python 至今导入的标准库文件（tests/node/record_stdlib.py 用它记录
//                                           网站发布的 python_stdlib.zip 中要保留哪些文件）
// 消息（本线程 → 页面）：
//   {type: "progress", stage, loaded, total}   stage: "download"（下载中；loaded/total 为传输的字节数）
//                                              | "engine"（装入规则引擎）
//   {type: "ready"}
//   {type: "result", id, json}                 json 为 Engine.evaluate() 的 JSON 文本，或 {"problems": [...]}
//   {type: "imported", files}
//   {type: "error", message}                   message 说明原因和办法（中文）
//
// 没有时间限制：网络再慢也一直下载下去。只有真正的故障才报错，并说明原因（哪个文件、服务器返回了什么、
// 该改哪项设置）。

const GLUE = `
import json
import sys
sys.path.insert(0, WHEEL)
from generator.engine import Engine, ProfileError

engines = {}

def load(code, text):
    engines[code] = Engine(json.loads(text))

def evaluate(code, profile):
    try:
        return json.dumps(engines[code].evaluate(json.loads(profile)), ensure_ascii=False)
    except ProfileError as error:
        return json.dumps({"problems": error.problems}, ensure_ascii=False)

def imported():
    import sys  # the files modules were read from (frozen and built-in modules have no location)
    specs = [getattr(m, "__spec__", None) for m in list(sys.modules.values())]
    return json.dumps(sorted({s.origin for s in specs if s is not None and s.has_location and s.origin}))
`;

let python = null; // {load, evaluate, imported}：Python 函数
let pending = Promise.resolve(); // 消息按到达顺序逐个处理

// 一个需要报告给页面的故障（message 已是给读者看的中文说明）。
class Failure extends Error {}

const unreachable = (name, error) => new Failure(`无法下载测算程序的文件 ${name}：网络连接中断，或者这个文件被` +
  `浏览器、代理或防火墙拦截了（${error.message}）。网络恢复后刷新本页即可继续。`);

// 运行时文件的下载：检查服务器的响应（找不到文件、类型不对时说明原因），并统计已下载的字节数（显示进度）。
// 统计读的是响应的副本，原响应原样交给 Pyodide（保留其网址，浏览器才能缓存编译好的 WebAssembly）。
// 进度按传输的字节数计：压缩发送的文件按 Content-Length（压缩后的长度）折算。
function watchDownloads(prefix, wheel, sizes, fail) {
  const realFetch = self.fetch.bind(self);
  const files = new Map(); // 文件名 → {decoded, loaded, wire}
  for (const [name, size] of Object.entries(sizes)) files.set(name, { decoded: size, loaded: 0, wire: size });
  let reported = -1;
  const report = () => {
    let loaded = 0;
    let total = 0;
    for (const file of files.values()) {
      total += file.wire;
      loaded += Math.min(file.loaded / file.decoded, 1) * file.wire;
    }
    const permille = Math.floor((loaded / total) * 1000);
    if (permille !== reported) {
      reported = permille;
      self.postMessage({ type: "progress", stage: "download", loaded, total });
    }
  };
  const count = async (file, body) => {
    const reader = body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      file.loaded += value.byteLength;
      report();
    }
  };
  self.fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.startsWith(prefix) && url !== wheel) return realFetch(input, init);
    const name = decodeURIComponent(new URL(url).pathname.split("/").pop());
    let response;
    try {
      response = await realFetch(input, init);
    } catch (error) {
      fail(unreachable(name, error));
      throw error;
    }
    if (!response.ok) {
      fail(new Failure(`服务器没有提供测算程序的文件 ${name}（HTTP ${response.status}）。` +
        "请网站管理员检查网站是否完整上传（见编辑指南“部署网站”一节）。"));
    } else if (name.endsWith(".wasm") && !(response.headers.get("Content-Type") || "").startsWith("application/wasm")) {
      fail(new Failure(`服务器发送 ${name} 时声明的类型是“${response.headers.get("Content-Type") || "（无）"}”，` +
        "浏览器只按 application/wasm 运行它。请网站管理员在服务器的 MIME 类型设置中把 .wasm 设为 application/wasm" +
        "（nginx：mime.types 中加入 application/wasm wasm；见编辑指南“部署网站”一节）。"));
    }
    const file = files.get(name);
    if (file && response.body) {
      const length = Number(response.headers.get("Content-Length"));
      if (length > 0) file.wire = length;
      count(file, response.clone().body).catch(() => {});
    }
    return response;
  };
  report();
}

// 浏览器是否允许本页编译 WebAssembly（内容安全策略要有 'wasm-unsafe-eval'）：不允许时 Pyodide 只会一直等下去。
function checkWebAssembly() {
  if (typeof WebAssembly !== "object") {
    throw new Failure("这个浏览器不支持 WebAssembly。请换用较新版本的手机或电脑浏览器。");
  }
  try {
    new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); // 最小的空模块
  } catch (error) {
    throw new Failure("浏览器不允许本页运行 WebAssembly（本页的内容安全策略缺少 'wasm-unsafe-eval'，" +
      `或浏览器的安全设置禁止了 WebAssembly：${error.message}）。`);
  }
}

async function boot({ pyodide: indexURL, lock, wheel, downloads }) {
  checkWebAssembly();
  let failed;
  const failure = new Promise((_, reject) => { failed = reject; });
  failure.catch(() => {});
  watchDownloads(indexURL, wheel, downloads || {}, failed);
  const engineWheel = fetch(wheel).then((response) => response.arrayBuffer());
  engineWheel.catch(() => {});
  const started = (async () => {
    let loadPyodide;
    try {
      ({ loadPyodide } = await import(`${indexURL}pyodide.mjs`));
    } catch (error) {
      throw unreachable("pyodide.mjs", error);
    }
    // lockFileContents 不含任何包：Pyodide 不会按包名去任何地方（包括 CDN）下载东西。
    return loadPyodide({ indexURL, lockFileContents: lock, stdout: () => {}, stderr: () => {} });
  })();
  const pyodide = await Promise.race([started, failure]);
  self.postMessage({ type: "progress", stage: "engine" });
  const path = `/lib/${decodeURIComponent(new URL(wheel).pathname.split("/").pop())}`;
  pyodide.FS.writeFile(path, new Uint8Array(await Promise.race([engineWheel, failure])));
  const namespace = pyodide.globals.get("dict")();
  namespace.set("WHEEL", path);
  pyodide.runPython(GLUE, { globals: namespace });
  python = { load: namespace.get("load"), evaluate: namespace.get("evaluate"), imported: namespace.get("imported") };
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
    case "imported":
      self.postMessage({ type: "imported", files: JSON.parse(python.imported()) });
      return undefined;
    default:
      throw new Error(`未知的消息：${message.type}`);
  }
}

self.onmessage = (event) => {
  pending = pending.then(() => handle(event.data)).catch((error) => {
    const message = error instanceof Failure ? error.message : `出错了：${(error && error.message) || error}`;
    self.postMessage({ type: "error", message });
  });
};
