"""Render the measurements of benches/run.sh as a markdown results file.

Usage: python3 benches/report.py RESULTS_FOLDER > benches/results.md

The folder holds hyperfine's JSON exports (validate-N, peers-N,
changelog-N), memory.tsv, machine.tsv and versions.tsv, as run.sh writes
them. Every ratio compares two commands timed in the same hyperfine run.
"""

import json
import pathlib
import sys

# The targets, as ratios; see BENCHMARKS.md for where they come from.
VALIDATE_OVER_FLOOR_MAX = 1.5
CHANGELOG_OVER_GIT_MAX = 3.0
PEAK_OVER_DISK_MAX = 1.0


def read_table(path):
    """Return the two-column TSV file at `path` as a dict."""
    rows = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition("\t")
        rows[key] = value
    return rows


def medians(path):
    """Return {command name: (median seconds, runs)} of one hyperfine export."""
    results = json.loads(path.read_text())["results"]
    return {
        result["command"]: (result["median"], len(result["times"]))
        for result in results
    }


def size_of(path):
    return int(path.stem.rsplit("-", 1)[1])


def seconds(value):
    return f"{value:.3f} s" if value >= 0.1 else f"{value * 1000:.1f} ms"


def verdict(ok):
    return "met" if ok else "**not met**"


def time_rows(folder):
    rows = []
    for path in sorted(folder.glob("validate-*.json"), key=size_of):
        times = medians(path)
        peerkit, floor = times["peerkit"][0], times["floor"][0]
        ratio = peerkit / floor
        rows.append(
            (
                "`validate` / parse-only floor",
                size_of(path),
                seconds(peerkit),
                seconds(floor),
                ratio,
                f"at most {VALIDATE_OVER_FLOOR_MAX}",
                verdict(ratio <= VALIDATE_OVER_FLOOR_MAX),
            )
        )
    for path in sorted(folder.glob("peers-*.json"), key=size_of):
        times = medians(path)
        peerkit = times.pop("peerkit")[0]
        for peer, (median, _) in times.items():
            ratio = median / peerkit
            rows.append(
                (
                    f"{peer} / `validate`",
                    size_of(path),
                    seconds(median),
                    seconds(peerkit),
                    ratio,
                    "over 1",
                    verdict(ratio > 1),
                )
            )
    for path in sorted(folder.glob("changelog-*.json"), key=size_of):
        times = medians(path)
        peerkit, floor = times["peerkit"][0], times["floor"][0]
        ratio = peerkit / floor
        rows.append(
            (
                "`changelog` / `git diff --name-status`",
                size_of(path),
                seconds(peerkit),
                seconds(floor),
                ratio,
                f"at most {CHANGELOG_OVER_GIT_MAX}",
                verdict(ratio <= CHANGELOG_OVER_GIT_MAX),
            )
        )
    return rows


def memory_rows(folder):
    rows = []
    path = folder / "memory.tsv"
    if not path.exists():
        return rows
    for line in path.read_text().splitlines():
        name, entries, kib, disk = line.split("\t")
        peak = int(kib) * 1024
        ratio = peak / int(disk)
        target = ""
        if name == "peerkit" and int(entries) >= 100000:
            target = f"below {PEAK_OVER_DISK_MAX}: {verdict(ratio < PEAK_OVER_DISK_MAX)}"
        rows.append((name, int(entries), peak / 2**20, int(disk) / 2**20, ratio, target))
    return rows


def main():
    folder = pathlib.Path(sys.argv[1])
    machine = read_table(folder / "machine.tsv")
    versions = read_table(folder / "versions.tsv")
    print("# Benchmark results")
    print()
    print(f"Measured by `benches/run.sh` on {machine['date']}. Each ratio compares")
    print("two medians from one hyperfine run on the same files.")
    print()
    print("| Machine | |")
    print("| --- | --- |")
    print(f"| CPUs (`nproc`) | {machine['cpus']} |")
    print(f"| CPU model | {machine['cpu']} |")
    print(f"| Memory | {machine['memory']} |")
    print(f"| Kernel | {machine['kernel']} |")
    print(f"| Load average (1, 5, 15 min) at start | {machine['load_start']} |")
    print(f"| Load average at end | {machine.get('load_end', 'not recorded')} |")
    print()
    print("## Time")
    print()
    print("| Ratio | Entries | Numerator (median) | Denominator (median) | Ratio | Target | |")
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    for name, entries, top, bottom, ratio, target, met in time_rows(folder):
        print(f"| {name} | {entries:,} | {top} | {bottom} | {ratio:.2f} | {target} | {met} |")
    print()
    print("## Peak memory")
    print()
    print("Peak resident set size (GNU time's maximum RSS, median of the runs)")
    print("against the apparent size of `catalogue/` and `schemas/` on disk.")
    print()
    print("| Command | Entries | Peak RSS | Size on disk | Ratio | Target |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, entries, peak, disk, ratio, target in memory_rows(folder):
        print(f"| {name} | {entries:,} | {peak:.1f} MiB | {disk:.1f} MiB | {ratio:.2f} | {target} |")
    print()
    print("## Versions")
    print()
    print("| Tool | Version |")
    print("| --- | --- |")
    for tool, version in versions.items():
        print(f"| {tool} | {version} |")


if __name__ == "__main__":
    main()
