#!/usr/bin/env bash
# Runs the Autobahn TestSuite fuzzing client against `tickwire echo` and prints a summary
# per case group. Exits non-zero when a case ends other than OK, NON-STRICT or
# INFORMATIONAL (UNIMPLEMENTED is allowed for groups 12 and 13: no permessage-deflate).
# With AUTOBAHN_TLS=1 the echo server speaks wss:// with a self-signed certificate made here.
# Usage: scripts/autobahn.sh DIR PYTHON_VERSION "1.*,2.*,..." [TICKWIRE_BINARY]
set -euo pipefail
dir=$1; pyver=$2; cases=$3; binary=${4:-.build/release/tickwire}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
if ! command -v pyenv >/dev/null 2>&1 && [ -x "$HOME/.pyenv/bin/pyenv" ]; then export PATH="$HOME/.pyenv/bin:$PATH"; fi
scripts/autobahn-install.sh "$dir" "$pyver"

# Port 0: the server takes a free port and prints it (a random pick could collide).
port=${AUTOBAHN_PORT:-0}
work=$(mktemp -d)
scheme=ws; tls_flags=()
if [ "${AUTOBAHN_TLS:-0}" = 1 ]; then
  scheme=wss
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1 -subj /CN=127.0.0.1 \
    -addext subjectAltName=IP:127.0.0.1 -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null
  tls_flags=(--tls-cert "$work/cert.pem" --tls-key "$work/key.pem")
fi
report="$here/reports/autobahn-$scheme"
rm -rf "$report"; mkdir -p "$report"
"$binary" echo --host 127.0.0.1 --port "$port" "${tls_flags[@]}" >"$work/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do
  grep -q listening "$work/server.log" 2>/dev/null && break
  kill -0 $server 2>/dev/null || { cat "$work/server.log"; echo "error: echo server did not start" >&2; exit 1; }
  sleep 0.1
done
port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$work/server.log" | head -1)
[ -n "$port" ] || { cat "$work/server.log"; echo "error: echo server did not say its port" >&2; exit 1; }

case_list=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1].split(",")))' "$cases")
cat >"$work/spec.json" <<JSON
{
  "outdir": "$report",
  "servers": [{"agent": "tickwire", "url": "$scheme://127.0.0.1:$port"}],
  "cases": $case_list,
  "exclude-cases": [],
  "exclude-agent-cases": {}
}
JSON
echo "running Autobahn cases $cases against tickwire echo at $scheme://127.0.0.1:$port"
( cd "$work" && PYTHONPATH="$here/$dir" PYENV_VERSION=$pyver pyenv exec python "$here/$dir/bin/wstest" -m fuzzingclient -s spec.json ) \
  >"$work/wstest.log" 2>&1 || { tail -30 "$work/wstest.log"; echo "error: wstest failed to run" >&2; exit 1; }
kill -0 $server 2>/dev/null || { echo "error: the echo server died during the run" >&2; cat "$work/server.log"; exit 1; }
python3 "$here/scripts/autobahn-summary.py" "$report/index.json"
