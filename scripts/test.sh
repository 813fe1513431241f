#!/usr/bin/env bash
# 安装所需依赖（含 Debian 的 chromium），然后运行全部测试。额外参数原样交给 pytest。
#
# 用法：bash scripts/test.sh [pytest 参数…]
#   例：bash scripts/test.sh tests/test_infra.py -x
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/bootstrap.sh test

export NO_MKDOCS_2_WARNING=1
echo "==> 运行测试（pytest，2 个进程并行）"
set +e
.venv/bin/python -m pytest -n 2 "$@"
rc=$?
set -e

if [ "$rc" -eq 5 ]; then
  echo "错误：pytest 没有收集到任何测试（退出码 5），按失败处理。" >&2
  exit 1
fi
exit "$rc"
