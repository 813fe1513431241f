// 资格自测的 Service Worker（作用范围：calculator/）：把测算程序（Pyodide 运行时、规则引擎 wheel）、清单数据、
// 答案表和本页用到的文件存进浏览器的 Cache Storage。再次打开本页，或者没有网络时，不必再下载就能完整测算。
//
// 缓存按构建区分：构建时（generator/site/calculator/offline.py）在下面写入本次构建的版本号（所缓存文件内容的
// SHA-256）和本页的文件清单。新的构建发布后，浏览器发现本文件变了，就装上新版本：新版本用新的缓存名，
// 启用时删除旧版本的缓存（运行时目录的网址带内容散列，内容相同的文件从旧缓存直接搬过来，不再下载）。
//
// 取文件的办法：打开页面（导航）先走网络，没有网络时用缓存；其他文件先查缓存，没有再走网络并存入缓存。
// 这里不含任何资格规则。

const BUILD = "__QINGDAN_BUILD__"; // {version, shell: [本页及其文件的网址（相对于本文件）], immutable: 网址前缀}
const PREFIX = "qingdan-calculator-";
const CACHE = BUILD.version ? `${PREFIX}${BUILD.version}` : null;
const scope = (url) => new URL(url, self.location.href).href;

self.addEventListener("install", (event) => {
  self.skipWaiting();
  if (!CACHE) return;
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // 内容散列网址下的文件（运行时、wheel）在旧版本的缓存里有就直接搬过来。
    const immutable = BUILD.immutable.map(scope);
    for (const name of await caches.keys()) {
      if (!name.startsWith(PREFIX) || name === CACHE) continue;
      const old = await caches.open(name);
      for (const request of await old.keys()) {
        if (immutable.some((prefix) => request.url.startsWith(prefix))) {
          await cache.put(request, await old.match(request));
        }
      }
    }
    await cache.addAll(BUILD.shell.map(scope));
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function fromNetwork(request, cache) {
  const response = await fetch(request);
  if (response.ok && response.status === 200 && response.type === "basic") {
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (!CACHE || request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    if (request.mode === "navigate") {
      try {
        return await fromNetwork(request, cache);
      } catch (error) {
        const cached = await cache.match(request, { ignoreSearch: true });
        if (cached) return cached;
        throw error;
      }
    }
    return (await cache.match(request)) || fromNetwork(request, cache);
  })());
});
