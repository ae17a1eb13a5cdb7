#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (see Tests/Fuzz/README.md).
#
#   scripts/fuzz.sh [target...]   build, then run each target RUNS times over its seed corpus
#   scripts/fuzz.sh build         only build the targets
#   scripts/fuzz.sh seeds         regenerate Tests/Fuzz/Corpus/*/seed-* (scripts/fuzz-seeds.swift)
#
# Targets: frame-reader http-request client-message snapshot.
# Environment:
#   RUNS        executions per target (default 1000000)
#   TARGETS     targets to run, space- or comma-separated (default: all; args override)
#   FUZZ_FLAGS  extra libFuzzer flags, e.g. "-max_len=8192" or "-max_total_time=60"
#   SWIFTC      compiler (default: swiftc)
#
# Everything goes to .build-fuzz/: objects and binaries, a scratch copy of each corpus
# (libFuzzer adds its new inputs there, never to Tests/Fuzz/Corpus), logs, and crash
# inputs in .build-fuzz/findings/<target>/. Exits 1 if any target found a crash.
#
# The targets are built with plain swiftc from the pure source files they need (no
# SwiftPM: the WebSocket module also holds libuv and swift-crypto code), one module at a
# time in dependency order, with -sanitize=fuzzer,address. Asserts stay on
# (-assert-config Debug), as in `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

OUT=.build-fuzz
SWIFTC=${SWIFTC:-swiftc}
RUNS=${RUNS:-1000000}
FUZZ_FLAGS=${FUZZ_FLAGS:-}
ALL_TARGETS="frame-reader http-request client-message snapshot"
export SWIFT_BACKTRACE=enable=no

COMMON_FLAGS=(-swift-version 6 -parse-as-library -package-name Tickwire)
FUZZ_BUILD_FLAGS=(-O -assert-config Debug -gline-tables-only -sanitize=fuzzer,address)
PLAIN_BUILD_FLAGS=(-Onone)

# The WebSocket files with no EventLoop (libuv) or Crypto dependency. Listed, not globbed,
# so a new connection-level file cannot break the fuzz build.
WEBSOCKET_SOURCES=(
    ASCII Base64 CloseCode FrameHeader FrameReadError FrameReader FrameWriter
    HTTPHeadAccumulator HTTPHeadParsing HTTPHeader HTTPRequestHead HTTPRequestParser
    HTTPResponse HandshakeLimits Masking Opcode OriginPolicy ServerHandshakeConfig UTF8Validator
    WebSocketEvent WebSocketFailure WebSocketLimits WebSocketRole
)

module_sources() {
    case $1 in
        GameCore) echo Sources/GameCore/*.swift ;;
        Wire) echo Sources/Wire/*.swift Sources/Wire/Protocol/*.swift ;;
        Replication) echo Sources/Replication/*.swift ;;
        Arena) echo Sources/Arena/*.swift ;;
        WebSocket) printf 'Sources/WebSocket/%s.swift ' "${WEBSOCKET_SOURCES[@]}" ;;
    esac
}

module_deps() {
    case $1 in
        Wire|Arena) echo GameCore ;;
        Replication) echo GameCore Wire ;;
        *) ;;
    esac
}

# target -> harness file and the modules it links, lowest first.
target_file() {
    case $1 in
        frame-reader) echo Tests/Fuzz/Targets/FrameReaderFuzz.swift ;;
        http-request) echo Tests/Fuzz/Targets/HTTPRequestFuzz.swift ;;
        client-message) echo Tests/Fuzz/Targets/ClientMessageFuzz.swift ;;
        snapshot) echo Tests/Fuzz/Targets/SnapshotFuzz.swift ;;
        *) echo "unknown fuzz target: $1 (targets: $ALL_TARGETS)" >&2; exit 2 ;;
    esac
}

target_modules() {
    case $1 in
        frame-reader|http-request) echo WebSocket ;;
        client-message) echo GameCore Wire ;;
        snapshot) echo GameCore Wire Replication Arena ;;
    esac
}

target_support() {
    case $1 in
        snapshot) echo Tests/Fuzz/Support/FuzzSupport.swift Tests/Support/TestSchema.swift ;;
        *) echo Tests/Fuzz/Support/FuzzSupport.swift ;;
    esac
}

# True when $1 is missing or older than any of the other files (or this script).
stale() {
    local out=$1; shift
    [[ -e $out ]] || return 0
    local file
    for file in "$@" "$0"; do
        [[ $file -nt $out ]] && return 0
    done
    return 1
}

# build_module <dir> <name> <flags...>
build_module() {
    local dir=$1 name=$2; shift 2
    local sources deps dep inputs=()
    read -r -a sources <<< "$(module_sources "$name")"
    deps=$(module_deps "$name")
    for dep in $deps; do inputs+=("$dir/$dep.o"); done
    if stale "$dir/$name.o" "${sources[@]}" "${inputs[@]}"; then
        echo "  compiling module $name (${#sources[@]} files)"
        nice -n 10 "$SWIFTC" "${COMMON_FLAGS[@]}" "$@" -wmo -module-name "$name" \
            -emit-module -emit-module-path "$dir/$name.swiftmodule" -I "$dir" \
            -c -o "$dir/$name.o" "${sources[@]}"
    fi
}

build_targets() {
    local dir=$OUT/fuzz target module modules needed=""
    mkdir -p "$dir" "$OUT/bin"
    for target in "$@"; do
        for module in $(target_modules "$target"); do
            case " $needed " in *" $module "*) ;; *) needed="$needed $module" ;; esac
        done
    done
    echo "building fuzz targets: $*"
    for module in GameCore Wire Replication Arena WebSocket; do
        case " $needed " in *" $module "*) build_module "$dir" "$module" "${FUZZ_BUILD_FLAGS[@]}" ;; esac
    done
    for target in "$@"; do
        local file support objects=()
        file=$(target_file "$target")
        read -r -a support <<< "$(target_support "$target")"
        for module in $(target_modules "$target"); do objects+=("$dir/$module.o"); done
        if stale "$OUT/bin/$target" "$file" "${support[@]}" "${objects[@]}"; then
            echo "  linking $target"
            nice -n 10 "$SWIFTC" "${COMMON_FLAGS[@]}" "${FUZZ_BUILD_FLAGS[@]}" -use-ld=lld -wmo \
                -module-name FuzzTarget -I "$dir" "$file" "${support[@]}" "${objects[@]}" \
                -o "$OUT/bin/$target"
        fi
    done
}

generate_seeds() {
    local dir=$OUT/plain module
    mkdir -p "$dir" "$OUT/bin"
    echo "building seed generator"
    for module in GameCore Wire Replication Arena WebSocket; do
        build_module "$dir" "$module" "${PLAIN_BUILD_FLAGS[@]}"
    done
    nice -n 10 "$SWIFTC" "${COMMON_FLAGS[@]}" "${PLAIN_BUILD_FLAGS[@]}" -module-name FuzzSeeds -I "$dir" \
        scripts/fuzz-seeds.swift Tests/Fuzz/Support/FuzzSupport.swift Tests/Support/TestSchema.swift \
        "$dir"/{GameCore,Wire,Replication,Arena,WebSocket}.o -o "$OUT/bin/fuzz-seeds"
    "$OUT/bin/fuzz-seeds" Tests/Fuzz/Corpus
}

# The value of libFuzzer's final `stat::<name>` line in log $1; empty when absent.
final_stat() { { grep -o "^stat::$2: *[0-9]*" "$1" || true; } | tail -1 | awk '{print $2}'; }

SUMMARY=()
FAILED=0

run_target() {
    local target=$1
    local bin=$OUT/bin/$target corpus=$OUT/corpus/$target findings=$OUT/findings/$target log=$OUT/logs/$target.log
    rm -rf "$corpus"
    mkdir -p "$corpus" "$findings" "$OUT/logs"
    if [[ -d Tests/Fuzz/Corpus/$target ]]; then cp Tests/Fuzz/Corpus/"$target"/* "$corpus"/ 2>/dev/null || true; fi
    local seeds
    seeds=$(find "$corpus" -type f | wc -l)
    echo "fuzzing $target: $RUNS runs from $seeds seeds (log: $log)"
    local start end rc=0
    start=$(date +%s.%N)
    # shellcheck disable=SC2086 # FUZZ_FLAGS is a list of flags
    nice -n 10 "$bin" -runs="$RUNS" -print_final_stats=1 -timeout=10 -artifact_prefix="$findings/" \
        $FUZZ_FLAGS "$corpus" > "$log" 2>&1 || rc=$?
    end=$(date +%s.%N)

    local execs status cov ft elapsed rate artifacts found
    execs=$(final_stat "$log" number_of_executed_units)
    status=$({ grep -E '^#[0-9]+.*cov:' "$log" || true; } | tail -1)
    # After a crash there are no final stats: the last status line has the count so far.
    [[ -n $execs ]] || execs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<< "$status")
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<< "$status")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<< "$status")
    elapsed=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f", e - s }')
    rate=$(awk -v n="${execs:-0}" -v s="$start" -v e="$end" 'BEGIN { printf "%d", (e > s) ? n / (e - s) : 0 }')
    artifacts=$(sed -nE 's/.*Test unit written to (.*)/\1/p' "$log")
    found=0
    [[ -z $artifacts ]] || found=$(wc -l <<< "$artifacts")
    if [[ $rc -ne 0 || -n $artifacts ]]; then
        FAILED=1
        echo "  FOUND: exit $rc; libFuzzer says:"
        { grep -E "fuzz check failed|Fatal error|ERROR: (AddressSanitizer|libFuzzer)|SUMMARY" "$log" || true; } | head -5 | sed 's/^/    /'
        if [[ -z $artifacts ]]; then found="?"; fi
        local artifact
        while IFS= read -r artifact; do
            [[ -n $artifact ]] || continue
            echo "    input: $artifact ($(wc -c < "$artifact") bytes)"
            od -An -v -tx1 "$artifact" | head -4 | sed 's/^ */      /'
        done <<< "$artifacts"
    fi
    printf '  %s: %s execs in %ss = %s exec/s, cov %s, ft %s, findings %s\n' \
        "$target" "${execs:-?}" "$elapsed" "$rate" "${cov:-?}" "${ft:-?}" "${found:-0}"
    SUMMARY+=("$(printf '%-15s %10s %8s %9s %6s %7s %8s' "$target" "${execs:-?}" "$elapsed" "$rate" "${cov:-?}" "${ft:-?}" "${found:-0}")")
}

command=run
case ${1:-} in
    build) command=build; shift ;;
    seeds) command=seeds; shift ;;
esac

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    read -r -a targets <<< "$(tr ',' ' ' <<< "${TARGETS:-$ALL_TARGETS}")"
    [[ ${#targets[@]} -gt 0 ]] || read -r -a targets <<< "$ALL_TARGETS"
fi
for target in "${targets[@]}"; do target_file "$target" > /dev/null; done

case $command in
    seeds) generate_seeds; exit 0 ;;
    build) build_targets "${targets[@]}"; exit 0 ;;
esac

build_targets "${targets[@]}"
for target in "${targets[@]}"; do run_target "$target"; done

echo
printf '%-15s %10s %8s %9s %6s %7s %8s\n' target execs seconds exec/s cov ft findings
printf '%s\n' "${SUMMARY[@]}"
if [[ $FAILED -ne 0 ]]; then
    echo "crashes found: inputs are in $OUT/findings/ (see Tests/Fuzz/README.md to turn one into a fixture)"
    exit 1
fi
