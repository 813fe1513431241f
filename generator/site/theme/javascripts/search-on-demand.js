// 站内搜索的索引（search/search_index.json）是内容页中最大的文件，但多数人不搜索：
// 主题（mkdocs-material）在页面加载时就请求它；这里把这个请求留到有人打开搜索（点搜索按钮、聚焦搜索框、
// 或按快捷键）时才发出。主题的其余部分照常工作；打开搜索后，搜索框先显示“正在初始化搜索引擎”，索引到达后即可搜索。
//
// 本脚本必须在主题的 bundle 之前运行（见 generator/site/theme/main.html），因为主题一加载就发出请求。
(() => {
  const INDEX = /\/search\/search_index\.json$/;
  let open;
  const opened = new Promise((resolve) => { open = resolve; });
  const onSearch = (event) => {
    const target = event.target;
    if (target instanceof Element && (target.closest(".md-search") || target.closest("label[for='__search']") ||
        target.id === "__search")) open();
  };
  for (const type of ["pointerdown", "click", "focusin", "change"]) document.addEventListener(type, onSearch, true);

  const held = new WeakSet();
  const { open: realOpen, send: realSend } = XMLHttpRequest.prototype;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    if (INDEX.test(new URL(String(url), document.baseURI).pathname)) held.add(this);
    else held.delete(this);
    return realOpen.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...args) {
    if (!held.has(this)) return realSend.apply(this, args);
    opened.then(() => realSend.apply(this, args));
    return undefined;
  };
})();
