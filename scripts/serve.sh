#!/usr/bin/env bash
# 安装所需依赖、检查政策数据，然后在本机构建并预览网站（修改文件后自动刷新）。
#
# 用法：bash scripts/serve.sh
#   ADDR=0.0.0.0:8080 bash scripts/serve.sh   # 换地址/端口（默认 127.0.0.1:8000）
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh site

echo "==> 检查政策数据（qingdan check）"
if ! .venv/bin/qingdan check; then
  echo "错误：政策数据未通过检查，请先按上面的提示修改 policy/ 下的文件；网站不予启动。" >&2
  exit 1
fi

addr="${ADDR:-127.0.0.1:8000}"
export NO_MKDOCS_2_WARNING=1
echo "==> 构建并启动网站预览：请在浏览器中打开 http://${addr}/ （按 Ctrl+C 停止）"
exec .venv/bin/mkdocs serve -a "$addr"
