#!/usr/bin/env bash
# Measures peerkit against its parse-only floor and against other JSON
# Schema validators, and writes the ratios to benches/results.md.
#
# Usage: benches/run.sh
#
# Environment (all optional):
#   BENCH_RUNS      timed runs of each command (default 5); the median counts
#   BENCH_PEER_RUNS timed runs with the other validators (default 3)
#   BENCH_MEM_RUNS  runs for peak memory (default 3); the median counts
#   BENCH_SEED      seed of the generated catalogues (default 42)
#   BENCH_SIZES     catalogue sizes for validate (default "1000 10000 100000")
#   BENCH_PEER_SIZES     sizes for the other validators (default "1000 10000")
#   BENCH_HISTORY_SIZES  sizes for changelog (default "10000 100000")
#   BENCH_PEERS     the other validators (default "jsonschema-cli ajv check-jsonschema")
#   BENCH_RESULTS   the results file (default benches/results.md)
#
# Generated catalogues and installed tools are cached in bench-data/, which
# git ignores. The script reaches no host but the package registries, and
# those only through apt-get, cargo install, npm and pip, and only for a
# tool that is missing.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
DATA=$ROOT/bench-data
TOOLS=$DATA/tools
RUNS=${BENCH_RUNS:-5}
PEER_RUNS=${BENCH_PEER_RUNS:-3}
MEM_RUNS=${BENCH_MEM_RUNS:-3}
SEED=${BENCH_SEED:-42}
SIZES=${BENCH_SIZES:-"1000 10000 100000"}
PEER_SIZES=${BENCH_PEER_SIZES:-"1000 10000"}
HISTORY_SIZES=${BENCH_HISTORY_SIZES:-"10000 100000"}
PEERS=${BENCH_PEERS:-"jsonschema-cli ajv check-jsonschema"}
RESULTS=${BENCH_RESULTS:-$ROOT/benches/results.md}
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}/release
OUT=$DATA/results
# The binaries are copied here after the build, so that a build started
# during a run does not change what the run measures.
BIN=$OUT/bin
PEERKIT=$BIN/peerkit
FLOOR=$BIN/parse_floor
GEN=$BIN/bench_gen

AJV=$TOOLS/node/node_modules/.bin/ajv
CHECK_JSONSCHEMA=$TOOLS/venv/bin/check-jsonschema
JSONSCHEMA_CLI=$TOOLS/bin/jsonschema-cli

log() { printf 'bench: %s\n' "$*" >&2; }
fail() {
    printf 'bench: error: %s\n' "$*" >&2
    exit 2
}

# Installs a Debian package when its command is missing.
need_debian() {
    local command=$1 package=$2
    if [[ ! -x $command ]] && ! command -v "$command" >/dev/null; then
        log "installing $package from Debian"
        nice -n 19 apt-get install -y "$package" >&2 ||
            fail "$command is missing and apt-get could not install $package: install it and rerun"
    fi
}

install_tools() {
    need_debian hyperfine hyperfine
    need_debian /usr/bin/time time
    mkdir -p "$TOOLS"
    if [[ " $PEERS " == *" jsonschema-cli "* && ! -x $JSONSCHEMA_CLI ]]; then
        log "installing jsonschema-cli from crates.io"
        nice -n 19 cargo install --locked --root "$TOOLS" jsonschema-cli >&2
    fi
    if [[ " $PEERS " == *" ajv "* && ! -x $AJV ]]; then
        log "installing ajv-cli and ajv-formats from npm"
        nice -n 19 npm install --prefix "$TOOLS/node" ajv-cli ajv-formats >&2
    fi
    if [[ " $PEERS " == *" check-jsonschema "* && ! -x $CHECK_JSONSCHEMA ]]; then
        log "installing check-jsonschema from PyPI"
        python3 -m venv "$TOOLS/venv"
        # The format extra brings the checkers of `uri` and the other
        # formats that jsonschema skips without them.
        nice -n 19 "$TOOLS/venv/bin/pip" install -q check-jsonschema 'jsonschema[format-nongpl]' >&2
    fi
}

build() {
    log "building peerkit and the examples in release"
    nice -n 19 cargo build --release --bin peerkit --example bench_gen --example parse_floor >&2
    mkdir -p "$BIN"
    cp "$TARGET/peerkit" "$TARGET/examples/bench_gen" "$TARGET/examples/parse_floor" "$BIN/"
}

# The cache key of the generated data: it changes with the generator and
# with the schemas, vocabulary and manifest that it copies.
data_key() {
    cat examples/bench_gen.rs schemas/*.json catalogue/vocabulary.json catalogue/toolkit.json |
        sha256sum | cut -c1-12
}

# Prints the folder of the catalogue of $1 entries, generating it when it
# is not cached. Sizes in $HISTORY_SIZES get a git history, and their
# working tree is the second release, which has as many entries.
catalogue() {
    local size=$1 history='' key folder
    if [[ " $HISTORY_SIZES " == *" $size "* ]]; then
        history=history
    fi
    key=$(data_key)
    folder=$DATA/c$size-s$SEED-$key${history:+-history}
    if [[ ! -f $folder.done ]]; then
        rm -rf "$folder"
        log "generating $size entries into $folder"
        "$GEN" --entries "$size" --seed "$SEED" --out "$folder" ${history:+--history} >&2
        touch "$folder.done"
    fi
    printf '%s\n' "$folder"
}

# Writes the bundled entry schema and the invalid samples, once per key.
fixtures() {
    local folder
    folder=$DATA/fixtures-s$SEED-$(data_key)
    if [[ ! -f $folder.done ]]; then
        rm -rf "$folder"
        mkdir -p "$folder"
        "$GEN" --entries 0 --seed "$SEED" --out "$folder/empty" \
            --bundled-schema "$folder/entry.bundled.schema.json" \
            --invalid-samples "$folder/invalid" >&2
        touch "$folder.done"
    fi
    printf '%s\n' "$folder"
}

# Writes an executable script that runs one validator on every entry file
# of a catalogue, one argument per file, so that hyperfine starts it with
# no shell of its own and no argument string over the kernel's 128 KiB
# limit for one argument.
peer_script() {
    local peer=$1 catalogue=$2 schema=$3 script=$4 files command
    files=("$catalogue"/catalogue/*/generated-*.json)
    files=("${files[@]#"$catalogue"/}")
    case $peer in
    jsonschema-cli)
        command="'$JSONSCHEMA_CLI' validate --assert-format '$schema'$(printf ' --instance %q' "${files[@]}")"
        ;;
    ajv)
        command="'$AJV' validate --spec=draft2020 -c ajv-formats --strict=false -s '$schema'$(printf ' -d %q' "${files[@]}")"
        ;;
    check-jsonschema)
        command="'$CHECK_JSONSCHEMA' --schemafile '$schema'$(printf ' %q' "${files[@]}")"
        ;;
    *) fail "no command line for the validator $peer" ;;
    esac
    printf '#!/usr/bin/env bash\ncd %q\nexec %s\n' "$catalogue" "$command" >"$script"
    chmod +x "$script"
}

# Runs one validator on each invalid sample and fails unless it rejects
# every one, and on the catalogue and fails unless it accepts it.
check_peer() {
    local peer=$1 catalogue=$2 fixtures=$3 sample script
    script=$OUT/check-$peer.sh
    peer_script "$peer" "$catalogue" "$fixtures/entry.bundled.schema.json" "$script"
    "$script" >/dev/null 2>&1 || fail "$peer rejects the generated catalogue $catalogue: run $script to see why"
    for sample in "$fixtures"/invalid/*.json; do
        local single=$OUT/check-$peer-sample
        mkdir -p "$single/catalogue/sample"
        cp "$sample" "$single/catalogue/sample/generated-sample.json"
        peer_script "$peer" "$single" "$fixtures/entry.bundled.schema.json" "$script"
        if "$script" >/dev/null 2>&1; then
            fail "$peer accepts $sample, which breaks the entry schema: it does not check what peerkit checks"
        fi
        rm -rf "$single"
    done
    log "$peer accepts the catalogue and rejects every invalid sample"
}

# Checks that peerkit itself accepts the catalogue of $1, formatted.
check_peerkit() {
    local catalogue=$1
    "$PEERKIT" --root "$catalogue" validate >/dev/null ||
        fail "peerkit validate rejects $catalogue: the generator and the rules disagree"
    "$PEERKIT" --root "$catalogue" fmt --check >/dev/null ||
        fail "peerkit fmt --check finds differences in $catalogue: the generator does not write canonical text"
}

# Runs hyperfine on the named commands and keeps its JSON as $OUT/$1.json.
# Arguments: a result name, the number of runs, the number of warm-up runs,
# then pairs of command name and command.
measure() {
    local name=$1 runs=$2 warmup=$3
    shift 3
    local arguments=()
    while (($#)); do
        arguments+=(--command-name "$1" "$2")
        shift 2
    done
    log "timing $name"
    hyperfine --shell=none --warmup "$warmup" --runs "$runs" --style basic \
        --export-json "$OUT/$name.json" "${arguments[@]}" >&2
}

# Prints the median peak resident set size, in KiB, of $MEM_RUNS runs of
# the command given as arguments, as GNU time -v reports it.
peak_memory() {
    local samples=() run
    for ((run = 0; run < MEM_RUNS; run++)); do
        samples+=("$(/usr/bin/time -v "$@" 2>&1 >/dev/null |
            awk -F': ' '/Maximum resident set size/ {print $2}')")
    done
    printf '%s\n' "${samples[@]}" | sort -n | sed -n "$(((MEM_RUNS + 1) / 2))p"
}

# Appends one line of memory results: name, entries, KiB, bytes on disk.
record_memory() {
    printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$OUT/memory.tsv"
}

# Prints the version of one validator.
peer_version() {
    local node_modules=$TOOLS/node/node_modules
    case $1 in
    jsonschema-cli) "$JSONSCHEMA_CLI" --version 2>&1 | head -n 1 ;;
    ajv)
        printf 'ajv-cli %s (ajv %s, ajv-formats %s, node %s)\n' \
            "$(node -p "require('$node_modules/ajv-cli/package.json').version")" \
            "$(node -p "require('$node_modules/ajv/package.json').version")" \
            "$(node -p "require('$node_modules/ajv-formats/package.json').version")" \
            "$(node --version)"
        ;;
    check-jsonschema) echo "$("$CHECK_JSONSCHEMA" --version 2>&1 | head -n 1) ($("$TOOLS/venv/bin/python" --version))" ;;
    esac
}

versions() {
    local peer dirty=''
    git -C "$ROOT" diff --quiet HEAD -- src Cargo.toml || dirty=' (with uncommitted changes)'
    {
        echo "peerkit	$(git -C "$ROOT" rev-parse --short HEAD)$dirty"
        for peer in $PEERS; do
            echo "$peer	$(peer_version "$peer")"
        done
        echo "git	$(git --version)"
        echo "hyperfine	$(hyperfine --version)"
    } >"$OUT/versions.tsv"
}

machine() {
    {
        echo "date	$(date -u '+%Y-%m-%d %H:%M UTC')"
        echo "cpus	$(nproc)"
        echo "cpu	$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
        echo "memory	$(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
        echo "kernel	$(uname -sr)"
        echo "load_start	$(cut -d' ' -f1-3 /proc/loadavg)"
    } >"$OUT/machine.tsv"
}

main() {
    install_tools
    rm -rf "$OUT"
    build
    machine
    versions
    local fixtures size folder bytes
    fixtures=$(fixtures)

    for size in $SIZES; do
        folder=$(catalogue "$size")
        check_peerkit "$folder"
        measure "validate-$size" "$RUNS" 1 \
            floor "$FLOOR $folder/catalogue $folder/schemas" \
            peerkit "$PEERKIT --root $folder validate"
        bytes=$(du -sb --apparent-size "$folder/catalogue" "$folder/schemas" | awk '{sum += $1} END {print sum}')
        record_memory peerkit "$size" "$(peak_memory "$PEERKIT" --root "$folder" validate)" "$bytes"
        record_memory floor "$size" "$(peak_memory "$FLOOR" "$folder/catalogue" "$folder/schemas")" "$bytes"
    done

    local peer
    for size in $PEER_SIZES; do
        folder=$(catalogue "$size")
        local commands=(peerkit "$PEERKIT --root $folder validate")
        for peer in $PEERS; do
            check_peer "$peer" "$folder" "$fixtures"
            peer_script "$peer" "$folder" "$fixtures/entry.bundled.schema.json" "$OUT/$peer-$size.sh"
            commands+=("$peer" "$OUT/$peer-$size.sh")
        done
        # check_peer has just run each validator on these files, so the
        # page cache is warm without a warm-up run of the slow ones.
        measure "peers-$size" "$PEER_RUNS" 0 "${commands[@]}"
    done

    for size in $HISTORY_SIZES; do
        folder=$(catalogue "$size")
        measure "changelog-$size" "$RUNS" 1 \
            floor "git -C $folder diff --name-status v1.0.0 v1.1.0" \
            peerkit "$PEERKIT --root $folder changelog v1.0.0 v1.1.0"
    done

    echo "load_end	$(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.tsv"
    python3 "$ROOT/benches/report.py" "$OUT" >"$RESULTS"
    log "wrote $RESULTS"
}

main "$@"
