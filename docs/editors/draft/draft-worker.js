// 县区清单编制的检查线程（Web Worker）：启动 Pyodide，装入本项目的检查代码（wheel）和它所需的纯 Python 包
// （vendor.zip：PyYAML、jsonschema 等），把上级清单等政策文件写进 Pyodide 的文件系统 /policy，然后逐条处理
// 页面发来的修改：交给 generator.site.draft.session（与 qingdan check 同一套检查），把它返回的 JSON 原样送回。
// 这里没有任何规则：只做搬运。
//
// 消息（页面 → 本线程）：
//   {type: "boot", pyodide, lock, stdlib, wheel, vendor, policy, today}   各文件的绝对 URL；today：本机日期
//   {type: "handle", id, message}                                        message：见 session.py 的 _on_* 方法
// 消息（本线程 → 页面）：
//   {type: "ready"}
//   {type: "view", id, json}                                             json：Session.view() 的 JSON 文本
//   {type: "error", id, message}                                         message：中文说明

const GLUE = `
import json
import sys
sys.path[:0] = [WHEEL, VENDOR]
from generator.site.draft.session import start

session = start("/policy", TODAY)

def handle(text):
    return json.dumps(session.handle(json.loads(text)), ensure_ascii=False)
`;

let handle = null;
let pending = Promise.resolve();

async function download(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`无法下载检查程序的文件（${error.message}）：网络恢复后请刷新本页。`);
  }
  if (!response.ok) throw new Error(`服务器没有提供检查程序的文件 ${url}（HTTP ${response.status}）。`);
  return new Uint8Array(await response.arrayBuffer());
}

async function boot({ pyodide: indexURL, lock, stdlib, wheel, vendor, policy, today }) {
  const files = Promise.all([download(wheel), download(vendor), download(policy)]);
  files.catch(() => {});
  const { loadPyodide } = await import(`${indexURL}pyodide.mjs`);
  // lockFileContents 不含任何包：Pyodide 不会按包名去任何地方下载东西；stdLibURL：完整的标准库。
  const py = await loadPyodide({ indexURL, lockFileContents: lock, stdLibURL: stdlib, stdout: () => {},
    stderr: () => {} });
  const [wheelData, vendorData, policyData] = await files;
  py.FS.writeFile("/lib/draft.whl", wheelData);
  py.FS.writeFile("/lib/vendor.zip", vendorData);
  for (const [name, text] of Object.entries(JSON.parse(new TextDecoder().decode(policyData)))) {
    const path = `/policy/${name}`;
    py.FS.mkdirTree(path.slice(0, path.lastIndexOf("/")));
    py.FS.writeFile(path, text);
  }
  const namespace = py.globals.get("dict")();
  namespace.set("WHEEL", "/lib/draft.whl");
  namespace.set("VENDOR", "/lib/vendor.zip");
  namespace.set("TODAY", today);
  py.runPython(GLUE, { globals: namespace });
  handle = namespace.get("handle");
  self.postMessage({ type: "ready" });
}

self.onmessage = (event) => {
  const data = event.data;
  pending = pending.then(async () => {
    if (data.type === "boot") return boot(data);
    const begun = performance.now();
    const json = handle(JSON.stringify(data.message));
    self.postMessage({ type: "view", id: data.id, json, ms: performance.now() - begun });
    return undefined;
  }).catch((error) => {
    self.postMessage({ type: "error", id: data.id, message: (error && error.message) || String(error) });
  });
};
