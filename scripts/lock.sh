#!/usr/bin/env bash
# 重新生成 requirements.lock.txt：pyproject.toml 中的全部 Python 依赖（网站 + [test] + 构建后端 setuptools）
# 及其传递依赖，每个包固定版本并带 sha256 哈希。修改 pyproject.toml 的依赖后运行；需要访问 PyPI。
#
# 用法：bash scripts/lock.sh [pip-compile 的其他参数]
#   例如升级一个包：bash scripts/lock.sh --upgrade-package jinja2；全部升级：bash scripts/lock.sh --upgrade
#
# pip-tools 装在临时虚拟环境里（不进入本项目的依赖）；锁文件中已有的版本尽量保留。
# 解析用的是本机的 python3（CI 与开发机都是 Python 3.11），锁文件只对这个版本保证完整。
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

LOCK=requirements.lock.txt
PIP_TOOLS=pip-tools==7.6.2

tools="$(mktemp -d)"
trap 'rm -rf "$tools"' EXIT
python3 -m venv "$tools/venv"
"$tools/venv/bin/python" -m pip install --quiet "$PIP_TOOLS"

# 已有的锁文件（去掉下面的说明）作为 pip-compile 的起点：未升级的包保持原版本。
[ -f "$LOCK" ] && grep -v '^#' "$LOCK" >"$tools/lock.txt"
"$tools/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --all-build-deps --extra test \
  --strip-extras --no-header --no-emit-index-url --no-emit-find-links \
  --output-file "$tools/lock.txt" "$@" pyproject.toml

{
  cat <<'EOF'
# 锁定的 Python 依赖树：网站依赖、[test] 额外依赖和构建后端 setuptools，连同全部传递依赖，
# 每个包都固定版本（==）并带 sha256 哈希。由 pyproject.toml 生成，不要手工编辑。
#
# 重新生成（修改 pyproject.toml 的依赖后）：bash scripts/lock.sh
#   （在临时虚拟环境里用 pip-tools 运行 pip-compile --generate-hashes --allow-unsafe --all-build-deps --extra test；
#   升级某个包：bash scripts/lock.sh --upgrade-package 包名）
#
# scripts/bootstrap.sh 先 pip install --require-hashes -r requirements.lock.txt，再
# pip install --no-deps --no-build-isolation -e . 安装本项目（这一步不联网），因此不会取到任何未固定的包。
EOF
  cat "$tools/lock.txt"
} >"$LOCK"
echo "已写入 $LOCK"
