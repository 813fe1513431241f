#!/usr/bin/env bash
# 安装本项目所需的一切；重复运行时只做缺少的部分（已装好时几秒内结束）。
#
# 用法：bash scripts/bootstrap.sh [site|test]
#   site（默认）：Python 虚拟环境 .venv + 锁定的 Python 依赖和本项目 + npm 依赖（Pyodide、axe-core、qrcode-generator）
#   test        ：在 site 基础上再装 Debian 的 chromium 和中文字体（浏览器测试用），以及 nginx 和它的 brotli_static
#                 模块（tests/deploy/ 按 deploy/nginx.conf 启动 nginx 测试部署）
#
# Python 依赖（含测试依赖和构建后端）全部来自 requirements.lock.txt：每个包固定版本并校验 sha256 哈希，
# 本项目再以 --no-deps --no-build-isolation 安装，所以不会取到任何未固定的包（锁文件用 scripts/lock.sh 重新生成）。
# 只用 PyPI、npm 和 Debian apt；从不运行 `playwright install`（浏览器用 /usr/bin/chromium）。
set -euo pipefail

mode="${1:-site}"
case "$mode" in
  site | test) ;;
  *)
    echo "用法：bash scripts/bootstrap.sh [site|test]" >&2
    exit 2
    ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf '==> %s\n' "$*"; }
die() { printf '错误：%s\n' "$*" >&2; exit 1; }
# quietly LOG CMD...：成功时不出声；失败时打印日志末尾并退出。
quietly() {
  local log="$1"; shift
  if ! "$@" >"$log" 2>&1; then
    # 去掉本机 pip 配置造成的“Location … is ignored”噪声。
    grep -v 'is ignored: it is neither a file nor a directory' "$log" | tail -n 60 >&2 || true
    die "命令失败：$*（完整日志：$log）"
  fi
}

PYTHON="${PYTHON:-python3}"
VENV=.venv

# ---------------------------------------------------------------- Python
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  command -v "$PYTHON" >/dev/null 2>&1 || die "找不到 $PYTHON（需要 Python ≥ 3.11）"
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
    || die "$PYTHON 的版本低于 3.11：$("$PYTHON" --version 2>&1)"
  say "创建 Python 虚拟环境 $VENV（$("$PYTHON" --version 2>&1)）"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi

# 装过且锁文件和 pyproject.toml 都未变时跳过 pip：记下二者的哈希。
LOCK=requirements.lock.txt
python_hash="$(cat "$LOCK" pyproject.toml | sha256sum | cut -d' ' -f1)"
stamp="$VENV/.qingdan-python"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$python_hash" ]; then
  say "Python 依赖已是最新（跳过 pip）"
else
  say "安装 Python 依赖（$LOCK：固定版本，校验哈希）"
  quietly "$VENV/pip-install.log" "$VENV/bin/python" -m pip install --quiet --require-hashes -r "$LOCK"
  say "安装本项目（pip install --no-deps --no-build-isolation -e .）"
  quietly "$VENV/pip-install-project.log" \
    "$VENV/bin/python" -m pip install --quiet --no-deps --no-build-isolation -e .
  printf '%s\n' "$python_hash" >"$stamp"
fi

# 县区清单编制页在浏览器里运行检查所需的纯 Python 包（requirements-browser.lock.txt：固定版本，校验哈希）：
# 只下载 wheel，不安装；构建从 build/browser-wheels/ 读取，之后离线也能构建。
BROWSER_LOCK=requirements-browser.lock.txt
BROWSER_WHEELS=build/browser-wheels
browser_hash="$(sha256sum "$BROWSER_LOCK" | cut -d' ' -f1)"
if [ -f "$BROWSER_WHEELS/.lock-sha256" ] && [ "$(cat "$BROWSER_WHEELS/.lock-sha256")" = "$browser_hash" ]; then
  say "浏览器端的 Python 包已下载（跳过）"
else
  say "下载浏览器端的 Python 包（$BROWSER_LOCK：纯 Python wheel，校验哈希）"
  rm -rf "$BROWSER_WHEELS"
  mkdir -p "$BROWSER_WHEELS"
  quietly "$VENV/pip-download-browser.log" "$VENV/bin/python" -m pip download --quiet --no-deps --require-hashes \
    --only-binary=:all: --platform any --implementation py --python-version 3.14 \
    -d "$BROWSER_WHEELS" -r "$BROWSER_LOCK"
  printf '%s\n' "$browser_hash" >"$BROWSER_WHEELS/.lock-sha256"
fi

# 命令行的中文：把 click 的 gettext 译文（generator/locale/…/qingdan.po）编译成 qingdan.mo（.mo 不进版本库）。
quietly "$VENV/compile-catalogue.log" "$VENV/bin/python" -m generator.usage

# ---------------------------------------------------------------- npm（Pyodide、axe-core、qrcode-generator）
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  command -v npm >/dev/null 2>&1 || die "找不到 npm（需要 Node.js ≥ 18）"
  say "安装 npm 依赖（npm ci：pyodide、axe-core、qrcode-generator）"
  npm ci --no-audit --no-fund --loglevel=error
else
  say "npm 依赖已是最新（跳过 npm ci）"
fi

# ---------------------------------------------------------------- 浏览器（仅 test）
if [ "$mode" = test ]; then
  apt_pkgs=()
  [ -x /usr/bin/chromium ] || apt_pkgs+=(chromium)
  # 中文字体：没有它，截图里的汉字是方框。
  dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q 'install ok installed' || apt_pkgs+=(fonts-noto-cjk)
  # nginx 和预压缩文件的 Brotli 模块：部署测试（tests/deploy/test_nginx.py）用 deploy/nginx.conf 启动它。
  [ -x /usr/sbin/nginx ] || apt_pkgs+=(nginx)
  [ -f /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || apt_pkgs+=(libnginx-mod-http-brotli-static)

  if [ "${#apt_pkgs[@]}" -gt 0 ]; then
    command -v apt-get >/dev/null 2>&1 || die "缺少 ${apt_pkgs[*]}，且本机没有 apt-get：请手动安装 chromium 到 /usr/bin/chromium"
    SUDO=()
    if [ "$(id -u)" -ne 0 ]; then
      command -v sudo >/dev/null 2>&1 || die "安装 ${apt_pkgs[*]} 需要 root 权限"
      SUDO=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    apt_opts=(-q -y -o Dpkg::Lock::Timeout=300 -o Dpkg::Use-Pty=0)
    say "更新 Debian 软件包列表（apt-get update）"
    quietly "${TMPDIR:-/tmp}/qingdan-apt-update.log" "${SUDO[@]}" apt-get "${apt_opts[@]}" update
    # fonts-noto-cjk 只是锦上添花：软件源里没有就不装。
    wanted=()
    for p in "${apt_pkgs[@]}"; do
      if [ "$p" != fonts-noto-cjk ] || apt-cache show "$p" >/dev/null 2>&1; then
        wanted+=("$p")
      else
        say "软件源中没有 $p，跳过"
      fi
    done
    say "安装 Debian 软件包：${wanted[*]}（首次需要几分钟）"
    quietly "${TMPDIR:-/tmp}/qingdan-apt-install.log" \
      "${SUDO[@]}" apt-get "${apt_opts[@]}" install --no-install-recommends "${wanted[@]}"
    [ -x /usr/bin/chromium ] || die "安装后仍找不到 /usr/bin/chromium"
    [ -x /usr/sbin/nginx ] || die "安装后仍找不到 /usr/sbin/nginx"
  else
    say "浏览器和 nginx 已安装（$(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)）"
  fi
fi

say "环境就绪（$mode）"
