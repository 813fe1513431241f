// 打印按钮：没有脚本时按钮保持隐藏（可用浏览器菜单打印）。
document.querySelectorAll("[data-qd-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});

// 长者模式开关：键盘聚焦在开关上时，回车或空格即可切换（主题只支持方向键）。
document.addEventListener("keydown", function (event) {
  var input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.classList.contains("md-option")) return;
  if (event.key !== "Enter" && event.key !== " ") return;
  var label = input.nextElementSibling;
  while (label && label.tagName !== "LABEL") label = label.nextElementSibling;
  if (!label) return;
  event.preventDefault();
  var target = document.getElementById(label.htmlFor);
  label.click();
  if (target) target.focus();
});

// 搜索框：主题只在按键抬起（keyup）时搜索；手写、语音输入法和粘贴不产生按键，
// 这里在每次输入（input）后补发一次 keyup，让这些输入方式也能立即搜索。
document.addEventListener("input", function (event) {
  var input = event.target;
  if (input instanceof HTMLInputElement && input.classList.contains("md-search__input") && !event.isComposing) {
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }
});
