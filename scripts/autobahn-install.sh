#!/usr/bin/env bash
# Installs the Autobahn TestSuite (Python 2.7, from PyPI) into DIR, once.
# Usage: scripts/autobahn-install.sh DIR PYTHON_VERSION
set -euo pipefail
dir=$1; pyver=$2
# Tests run the ws:// and wss:// suites at once: one installs while the other waits.
mkdir -p "$dir"
exec 9>"$dir/.install-lock"
flock 9
if [ -x "$dir/bin/wstest" ] && [ -f "$dir/zope/__init__.py" ]; then exit 0; fi
if ! command -v pyenv >/dev/null 2>&1 && [ -x "$HOME/.pyenv/bin/pyenv" ]; then export PATH="$HOME/.pyenv/bin:$PATH"; fi
if ! PYENV_VERSION=$pyver pyenv exec python --version >/dev/null 2>&1; then
  echo "error: Autobahn needs Python $pyver under pyenv (pyenv install $pyver)" >&2; exit 1
fi
echo "installing the Autobahn TestSuite into $dir"
PYENV_VERSION=$pyver pyenv exec python -m pip install -q --disable-pip-version-check --target "$dir" autobahntestsuite 2>&1 \
  | grep -v -i "deprecation\|python 2.7" || true
[ -x "$dir/bin/wstest" ] || { echo "error: wstest was not installed into $dir" >&2; exit 1; }
touch "$dir/zope/__init__.py"
