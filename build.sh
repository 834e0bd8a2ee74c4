#!/usr/bin/env bash
# Build, test, run and benchmark Backbeat. Twin of build.ps1: a change here is made there too.
#
#   ./build.sh build               build the solution (Release)
#   ./build.sh test                install what the tests need, build once, run every tests/*.Tests project,
#                                  end with one line "N passed, N failed[, N skipped]"
#   ./build.sh run [args...]       start one node with defaults (Backbeat.Node)
#   ./build.sh bench [args...]     run the benchmark program, e.g. `./build.sh bench lateness`
#   ./build.sh chaos [--full]      the chaos harness: nats-server, a lighthouse and three nodes as processes;
#                                  leader kills, graceful stops, broker restarts, partitions, tempo changes
#                                  before a kill, long and short leader pauses (one of each, or --full:
#                                  20/10/10/10/5/10/10); table on screen, artifacts/chaos/summary.json
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_GENERATE_ASPNET_CERTIFICATE=false

configuration=Release
solution=Backbeat.sln
results_dir=artifacts/test-results

usage() {
    cat >&2 <<'EOF'
usage: ./build.sh <target> [args...]
targets:
  build              build the solution (Release)
  test               install missing test dependencies, build, run all tests/*.Tests projects
  run [args...]      start one node (Backbeat.Node) with defaults; args go to the node
  bench [args...]    run tests/Backbeat.Bench; args go to it (e.g. `lateness --frames 1050`)
  chaos [--full]     build, then run the chaos harness (tests/Backbeat.Chaos; --help lists its options)
EOF
}

# nats-server is what the NATS tests start on a loopback port; Debian packages it.
ensure_nats_server() {
    if command -v nats-server >/dev/null 2>&1 || [[ -x /usr/sbin/nats-server ]]; then
        return 0
    fi

    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "nats-server is missing: installing it from Debian's packages"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y nats-server
        return 0
    fi

    echo "error: the tests need nats-server, which is not installed." >&2
    echo "       install it as root with: apt-get update && apt-get install -y nats-server" >&2
    echo "       (or put a nats-server binary on PATH), then run ./build.sh test again." >&2
    exit 1
}

# Chromium is the browser the dashboard tests drive (Playwright's own browser download does not work
# here); they look for Debian's at /usr/bin/chromium.
ensure_chromium() {
    if [[ -x /usr/bin/chromium ]]; then
        return 0
    fi

    if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        echo "chromium is missing: installing it from Debian's packages"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y chromium
        return 0
    fi

    echo "error: the dashboard tests need Chromium at /usr/bin/chromium, which is not installed." >&2
    echo "       install it as root with: apt-get update && apt-get install -y chromium" >&2
    echo "       then run ./build.sh test again." >&2
    exit 1
}

# Reads one attribute of the <Counters> element of a trx file.
trx_counter() {
    local counters=$1 name=$2 value
    value=$(sed -n "s/.* ${name}=\"\([0-9]*\)\".*/\1/p" <<<"$counters")
    echo "${value:-0}"
}

run_tests() {
    ensure_nats_server
    ensure_chromium

    local projects=()
    local project
    while IFS= read -r project; do
        projects+=("$project")
    done < <(find tests -mindepth 2 -maxdepth 2 -name '*.Tests.csproj' | sort)

    if [[ ${#projects[@]} -eq 0 ]]; then
        echo "error: no test project (tests/*/*.Tests.csproj) found" >&2
        echo "0 passed, 0 failed"
        exit 1
    fi

    # A test project that does not build, or whose run leaves no results, counts as one failure.
    if ! dotnet build "$solution" -c "$configuration"; then
        echo "error: the build failed; no test was run" >&2
        echo "0 passed, ${#projects[@]} failed"
        exit 1
    fi

    rm -rf "$results_dir"
    mkdir -p "$results_dir"

    local passed=0 failed=0 skipped=0 broken=()
    for project in "${projects[@]}"; do
        local name trx
        name=$(basename "$project" .csproj)
        trx="$results_dir/$name.trx"
        echo
        echo "== $name"
        # The exit code is not needed: the trx says what ran and what failed.
        dotnet test "$project" -c "$configuration" --no-build \
            --logger "trx;LogFileName=$name.trx" --results-directory "$results_dir" \
            --blame-hang-timeout 10m --blame-hang-dump-type none || true

        local counters
        counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null || true)
        if [[ -z "$counters" ]]; then
            echo "error: $name left no test results (did it build? is it in $solution?)" >&2
            broken+=("$name")
            failed=$((failed + 1))
            continue
        fi

        local total executed
        total=$(trx_counter "$counters" total)
        executed=$(trx_counter "$counters" executed)
        passed=$((passed + $(trx_counter "$counters" passed)))
        failed=$((failed + $(trx_counter "$counters" failed) + $(trx_counter "$counters" error) \
            + $(trx_counter "$counters" timeout) + $(trx_counter "$counters" aborted)))
        skipped=$((skipped + total - executed))
    done

    echo
    if [[ ${#broken[@]} -gt 0 ]]; then
        echo "projects without results (counted as failed): ${broken[*]}"
    fi
    if [[ $skipped -gt 0 ]]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi

    if [[ $failed -gt 0 ]]; then
        exit 1
    fi
}

target=${1:-}
if [[ $# -gt 0 ]]; then
    shift
fi

case "$target" in
    build)
        dotnet build "$solution" -c "$configuration"
        ;;
    test)
        run_tests
        ;;
    run)
        exec dotnet run -c "$configuration" --project Backbeat.Node -- "$@"
        ;;
    bench)
        exec dotnet run -c "$configuration" --project tests/Backbeat.Bench -- "$@"
        ;;
    chaos)
        ensure_nats_server
        # The harness runs the node's and the lighthouse's own build outputs as processes: building it builds them.
        dotnet build tests/Backbeat.Chaos -c "$configuration"
        exec dotnet "tests/Backbeat.Chaos/bin/$configuration/net10.0/Backbeat.Chaos.dll" "$@"
        ;;
    -h | --help | help)
        usage
        ;;
    *)
        if [[ -n "$target" ]]; then
            echo "error: unknown target '$target'" >&2
        fi
        usage
        exit 64
        ;;
esac
