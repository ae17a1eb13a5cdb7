#!/usr/bin/env bash
# Counts the instructions a Tickwire server spends on a fixed bot load, under callgrind:
# repeatable where wall-clock CPU on a shared machine is not (see docs/BENCHMARKS.md).
#
#   scripts/callgrind-serve.sh [binary] [bots] [seconds]     (from the repository root)
#
# Defaults: .build/release/tickwire, 40 bots, 15 s. The server runs under valgrind on
# core 0 with the whole loop collected (EventLoop.run, since its io_uring receives run
# outside uv_run), the bots run natively on core 1 with `--json`. Prints the server's
# instructions, the bots' inputs and snapshots, and the instructions per
# input-and-snapshot pair. Leaves the profile in .build/callgrind-serve.out
# (read it with callgrind_annotate), the bots' report in .build/callgrind-bots.json.
# CG_EXTRA adds valgrind options, e.g. CG_EXTRA=--dump-instr=yes for counts per instruction.
# Needs valgrind (apt-get install valgrind).
set -euo pipefail
binary=${1:-.build/release/tickwire}
bots=${2:-40}
seconds=${3:-15}
# A port the kernel reports free (the server binds it a moment later): a random pick in the
# ephemeral range could be one a previous run's connections still hold.
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
command -v valgrind >/dev/null || { echo "error: valgrind is not installed (apt-get install valgrind)"; exit 1; }
[ -x "$binary" ] || { echo "error: no binary at $binary (make release)"; exit 1; }
[ -d maps ] || { echo "error: run from the repository root (the server loads maps/)"; exit 1; }
mkdir -p .build

# Without debug info valgrind starts in seconds instead of minutes.
stripped=$(mktemp)
trap 'rm -f "$stripped"' EXIT
objcopy --strip-debug "$binary" "$stripped"

taskset -c 0 valgrind --tool=callgrind ${CG_EXTRA:-} --callgrind-out-file=.build/callgrind-serve.out --toggle-collect='$s9EventLoopAAC3runyyF' \
  "$stripped" serve --port "$port" --host 127.0.0.1 --maps maps --max-players 8 --tick-rate 60 \
  --snapshot-rate 30 --log-level warning >.build/callgrind-serve.log 2>&1 &
server=$!
for _ in $(seq 100); do
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "error: the server exited:"; tail -5 .build/callgrind-serve.log; exit 1; }
  sleep 0.3
done
taskset -c 1 "$binary" bot --url "ws://127.0.0.1:$port" --count "$bots" --map arena --duration "$seconds" \
  --json >.build/callgrind-bots.json
kill -INT "$server"
wait "$server" || true

python3 - <<'PY'
import json, re, subprocess
totals = subprocess.run(["callgrind_annotate", ".build/callgrind-serve.out"], capture_output=True, text=True).stdout
instructions = int(re.search(r"([\d,]+) \(100\.0%\)\s+PROGRAM TOTALS", totals).group(1).replace(",", ""))
if instructions == 0:
    raise SystemExit("error: callgrind collected nothing: is EventLoop.run still $s9EventLoopAAC3runyyF? (nm the binary)")
report = json.load(open(".build/callgrind-bots.json"))
pairs = min(report["inputsSent"], report["snapshots"])
print(f"server instructions {instructions:,}; inputs {report['inputsSent']:,}, snapshots {report['snapshots']:,}; "
      f"{instructions / max(pairs, 1):,.0f} per input-and-snapshot pair")
PY
