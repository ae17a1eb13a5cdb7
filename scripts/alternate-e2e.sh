#!/usr/bin/env bash
# Runs `make bench`'s end-to-end part for two server binaries in turn, round after round,
# and prints each run's server CPU, user time and ratio to the floor, then each binary's
# means. On a shared machine one run's user time moves by about ±10 µs per client-second,
# so a change worth a few percent of it shows only averaged over alternated rounds
# (docs/BENCHMARKS.md). The order swaps every round, against the position bias.
#
#   scripts/alternate-e2e.sh OLD NEW [rounds] [clients] [window seconds]
#
# Defaults: 3 rounds, 1,000 clients, 10 s windows. Needs `make bench` built once
# (.build/release/TickwireBench and tickwire-floor). Each run takes about a minute at
# 1,000 clients. The per-run JSON goes to .build/alternate-e2e/.
set -euo pipefail
old=${1:?usage: scripts/alternate-e2e.sh OLD NEW [rounds] [clients] [window seconds]}
new=${2:?usage: scripts/alternate-e2e.sh OLD NEW [rounds] [clients] [window seconds]}
rounds=${3:-3}
clients=${4:-1000}
window=${5:-10}
for setting in "rounds=$rounds" "clients=$clients" "window=$window"; do
  [[ ${setting#*=} =~ ^[1-9][0-9]*$ ]] || { echo "error: ${setting%%=*} must be a whole number from 1, got '${setting#*=}'"; exit 1; }
done
for binary in "$old" "$new"; do
  [ -x "$binary" ] || { echo "error: no server binary at $binary"; exit 1; }
done
bench=.build/release/TickwireBench
[ -x "$bench" ] || { echo "error: no $bench (run make bench once)"; exit 1; }
out=.build/alternate-e2e
mkdir -p "$out"

for round in $(seq 1 "$rounds"); do
  if [ $((round % 2)) -eq 1 ]; then order=("old" "new"); else order=("new" "old"); fi
  for side in "${order[@]}"; do
    binary=$old; [ "$side" = new ] && binary=$new
    "$bench" --parts e2e --e2e-steps "$clients" --e2e-window "$window" --binary "$binary" \
      --e2e-output "$out/$side-$round.json" >"$out/$side-$round.log" 2>&1 \
      || { echo "error: the $side run of round $round failed (see $out/$side-$round.log)"; exit 1; }
  done
done

python3 - "$out" "$rounds" "$old" "$new" <<'PY'
import json, sys
out, rounds, names = sys.argv[1], int(sys.argv[2]), {"old": sys.argv[3], "new": sys.argv[4]}
runs = {"old": [], "new": []}
for side in runs:
    for round in range(1, rounds + 1):
        step = json.load(open(f"{out}/{side}-{round}.json"))["steps"][0]
        floor = step.get("floor")
        if not floor:
            print(f"{side} round {round}: no floor measured, skipped")
            continue
        base = (floor["before"]["server"] + floor["after"]["server"]) / 2
        moved = abs(floor["before"]["server"] - floor["after"]["server"]) / min(floor["before"]["server"], floor["after"]["server"])
        run = (step["serverCPUMicrosPerClientSecond"], step["serverUserMicrosPerClientSecond"], step["serverCPUMicrosPerClientSecond"] / base)
        runs[side].append(run)
        flag = "  (the floor moved {:.0%})".format(moved) if moved > 0.15 else ""
        print(f"{side} round {round}: {run[0]:.1f} µs ({run[1]:.1f} user) per client-second, {run[2]:.2f}x a floor of {base:.1f}{flag}")
for side in ("old", "new"):
    if runs[side]:
        n = len(runs[side])
        print(f"{side} ({names[side]}): mean {sum(r[0] for r in runs[side]) / n:.1f} µs, "
              f"{sum(r[1] for r in runs[side]) / n:.1f} user, {sum(r[2] for r in runs[side]) / n:.2f}x the floor over {n} runs")
PY
