"""How fast lotse is, each figure beside a floor measured in the same run on the same machine.

    .venv/bin/python benchmarks/run.py                 # bundled catalogue and 20,000 entries
    .venv/bin/python benchmarks/run.py --runs 15 --entries 5000 --work /tmp/lotse-bench

The 20k catalogue is kept as a nation-wide one would be: a folder with one file per Land and a
federal file (`synthetic.py --split`). Figures (targets from issues 4, 14 and 15, as ratios to a floor where the
machine's speed would otherwise decide): cold `lotse --help` and cold `lotse search QUERY --format
json` (whole-process wall time, median of --runs runs, cache warm) against a minimal Typer app with
one command (benchmarks/minimal_typer.py: its `--help` and its command), and at 20k also against
`LC_ALL=C grep -i -c QUERY` on the same YAML; in-process search latency p50/p95 over a mix of
queries at 20k; the first run after a catalogue change at 20k, one file of median size edited and
then the largest, beside the full cold build from an empty cache (its time, its peak memory counting
the processes it compiles in, and whether the progress bar appears on a terminal); peak RSS of a
search at 20k; the time until `lotse ask` shows its first question, beside the same question asked
by questionary alone (nothing of lotse imported). Runs of a figure and its floor are interleaved so
that load from other processes hits both alike. Nothing here is a test: the figures are printed, and
the README quotes them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
QUERY = "anerkennung"
QUERIES = ["anerkennung", "anerkenung", "jugendmigrationsdinst halle", "recognition grant", "muenchen",
           "thueringen", "Dessau Rosslau", "welcome center leipzig", "integrationskurs", "jobcenter",
           "migrationsberatung erwachsene", "iq", "sprachcafe", "arbeitgeber fachkraefte", "beratung"]
TARGETS = {"help": 1.5, "search_bundled": 1.5, "search_20k_grep": 4.0, "p50_ms": 15.0, "rebuild_s": 4.0,
           "rss_mib": 50.0, "ask": 1.3, "cold_s": 8.0, "cold_mib": 250.0}


def lotse_command() -> list[str]:
    """The installed `lotse` script of this interpreter's environment (what users run)."""
    script = Path(sys.executable).with_name("lotse")
    return [str(script)] if script.exists() else [sys.executable, "-m", "lotse"]


def run_once(argv: list[str], env: dict[str, str]) -> tuple[float, int, int]:
    """Wall time (s), peak RSS (KiB) and exit code of one process, its output going to a pipe."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    proc.stdout.read()  # type: ignore[union-attr]
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, usage.ru_maxrss, proc.returncode


def _tree_rss_kib(pid: int) -> tuple[int, int]:
    """(sum, largest) resident memory of a process and its descendants now, in KiB (Linux /proc)."""
    total = largest = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            with open(f"/proc/{current}/status", encoding="ascii") as status:
                rss = next((int(line.split()[1]) for line in status if line.startswith("VmRSS:")), 0)
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                pending += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
        total += rss
        largest = max(largest, rss)
    return total, largest


def cold_build(argv: list[str], env: dict[str, str]) -> tuple[float, int, int, bool | None]:
    """The first run on an empty cache, on a terminal (pexpect): wall time (s), peak memory of all
    its processes together and of the largest one (KiB, sampled every 10 ms from /proc), and
    whether the progress bar was shown (None without pexpect)."""
    try:
        import pexpect
    except ImportError:
        seconds, rss, _ = run_once(argv, env)
        return seconds, rss, rss, None
    start = time.perf_counter()
    child = pexpect.spawn(argv[0], argv[1:], env={**env, "LOTSE_LANG": "en"}, encoding="utf-8",
                          timeout=600, dimensions=(40, 120))
    peak_total = peak_largest = 0
    seen = ""
    while True:
        try:
            seen += child.read_nonblocking(65536, timeout=0.01)
        except pexpect.TIMEOUT:
            pass
        except pexpect.EOF:
            break
        total, largest = _tree_rss_kib(child.pid)
        peak_total, peak_largest = max(peak_total, total), max(peak_largest, largest)
    seconds = time.perf_counter() - start
    child.close()
    return seconds, peak_total, peak_largest, "Preparing the catalogue" in seen


def compile_bytecode() -> None:
    """Compile lotse's modules, as pip does when it installs lotse: an editable install run with
    PYTHONDONTWRITEBYTECODE set would otherwise compile every module on every run."""
    import lotse

    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(lotse.__file__).parent)],
                   check=True, stdout=subprocess.DEVNULL)


def interleaved(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, list[float]]:
    """Median-ready wall times: each round runs every command once, in turn."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for argv, env in commands.values():  # warm the page cache and lotse's own cache
        run_once(argv, env)
    for _ in range(runs):
        for name, (argv, env) in commands.items():
            times[name].append(run_once(argv, env)[0])
    return times


FIRST_QUESTION = "Who is the consultation for?"
# The floor of `lotse ask`: the same question asked by questionary alone, nothing else imported.
BARE_PROMPT = ("import questionary; questionary.select(" + repr(FIRST_QUESTION) +
               ", choices=['person', 'employer']).unsafe_ask()")


def first_prompts(commands: dict[str, list[str]], env: dict[str, str], runs: int) -> dict[str, float] | None:
    """Median time until each command shows the first question on a terminal (pexpect); runs of
    the commands interleaved."""
    try:
        import pexpect
    except ImportError:
        return None
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(runs + 1):
        for name, argv in commands.items():
            start = time.perf_counter()
            child = pexpect.spawn(argv[0], argv[1:], env={**env, "LOTSE_LANG": "en"},
                                  encoding="utf-8", timeout=120, dimensions=(40, 100))
            child.expect_exact(FIRST_QUESTION)
            if round_:  # the first round warms the caches
                samples[name].append(time.perf_counter() - start)
            child.sendcontrol("c")
            child.close(force=True)
    return {name: statistics.median(values) for name, values in samples.items()}


def in_process_latency(catalogue_path: Path, cache: Path, rounds: int) -> tuple[list[float], dict[str, float]]:
    """Search times (s) over a mix of queries on the catalogue with 20k entries, index loaded."""
    from lotse.domain.search import Filters, Query, index_for, search
    from lotse.store.catalogue import load_catalogue

    catalogue = load_catalogue([catalogue_path], cache_dir=cache)
    index_for(catalogue)
    today = dt.date.today()
    search(catalogue, Query.parse("warm up"), Filters(), today, 10)
    samples, per_query = [], {}
    for query in QUERIES:
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            search(catalogue, Query.parse(query), Filters(), today, 10)
            times.append(time.perf_counter() - start)
        samples += times
        per_query[query] = statistics.median(times)
    return samples, per_query


def edit_and_run(file: Path, argv: list[str], env: dict[str, str]) -> tuple[Path, int, float, int]:
    """Edit one catalogue file as a person would, then time the first run: the file, its number of
    entries, wall time (s) and peak RSS (KiB)."""
    with open(file, encoding="utf-8") as lines:  # line by line: this runner must stay small (RSS)
        entries = sum(line.startswith("- id:") for line in lines)
    with open(file, "a", encoding="utf-8") as handle:
        handle.write(f"# changed {time.time()}\n")
    past = time.time() - 10  # edited ten seconds ago
    os.utime(file, (past, past))
    seconds, rss_kib, _ = run_once(argv, env)
    return file, entries, seconds, rss_kib


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def row(figure: str, value: str, floor: str, ratio: float | None, target: str, ok: bool | None) -> str:
    verdict = "" if ok is None else ("met" if ok else "MISSED")
    shown = f"{ratio:5.1f}×" if ratio is not None else ""
    return f"{figure:<44} {value:>10}  {floor:<30} {shown:>7}  {target:<8} {verdict}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=10, help="cold runs per figure (median)")
    parser.add_argument("--query", default=QUERY)
    parser.add_argument("--work", type=Path, help="folder for the synthetic catalogue and the cache "
                        "(kept, so a second run skips generating)")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="lotse-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    folder = work / f"synthetic-{args.entries}"
    if not folder.exists():
        print(f"generating {args.entries} entries …", file=sys.stderr)
        # In a child: a big parent would lend its peak RSS to every process it starts.
        subprocess.run([sys.executable, str(HERE / "synthetic.py"), str(args.entries), str(folder), "--split"],
                       check=True, stderr=subprocess.DEVNULL)
        past = time.time() - 3600  # written "an hour ago": fresh files are not cached (RACY_NS)
        for file in folder.rglob("*.yaml"):
            os.utime(file, (past, past))
    files = sorted(folder.rglob("*.yaml"))
    # The cache where users have it, the user cache folder, moved into the work folder: on Linux
    # through XDG_CACHE_HOME, so that finding it costs what it costs them.
    env = {k: v for k, v in os.environ.items() if k not in ("LOTSE_CATALOG", "LOTSE_LANG", "LOTSE_CACHE_DIR")}
    if sys.platform == "linux":
        env.update(XDG_CACHE_HOME=str(work / "xdg-cache"))
        cache = work / "xdg-cache" / "lotse"
    else:
        cache = work / "cache"
        env.update(LOTSE_CACHE_DIR=str(cache))
    env.update(NO_COLOR="1")
    lotse = lotse_command()
    compile_bytecode()
    python_pass = ([sys.executable, "-c", "pass"], env)
    typer_app = [sys.executable, str(HERE / "minimal_typer.py")]
    grep = (["grep", "-i", "-c", args.query, *map(str, files)], {**env, "LC_ALL": "C"})
    big = ["--catalog", str(folder)]
    search_big = lotse + big + ["search", args.query, "--format", "json"]

    print(f"lotse benchmark {dt.datetime.now():%Y-%m-%d %H:%M}: Python {platform.python_version()}, "
          f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start; "
          f"{args.entries} synthetic entries in {len(files)} files "
          f"({sum(f.stat().st_size for f in files) / 2**20:.1f} MiB YAML); "
          f"median of {args.runs} cold runs; query {args.query!r}")

    print("full cold build (empty cache) …", file=sys.stderr)
    shutil.rmtree(cache, ignore_errors=True)
    cold_s, cold_total_kib, cold_largest_kib, progress = cold_build(search_big, env)
    print("first run after a catalogue change (one file edited) …", file=sys.stderr)
    by_size = sorted(files, key=lambda f: f.stat().st_size)
    rebuilds = {label: edit_and_run(file, search_big, env)
                for label, file in {"median": by_size[len(by_size) // 2], "largest": by_size[-1]}.items()}

    print("cold runs …", file=sys.stderr)
    times = interleaved({
        "pass": python_pass,
        "typer_help": (typer_app + ["--help"], env),
        "typer_command": (typer_app + ["search", args.query], env),
        "help": (lotse + ["--help"], env),
        "search_bundled": (lotse + ["search", args.query, "--format", "json"], env),
        "search_big": (search_big, env),
        "grep": grep,
    }, args.runs)
    med = {name: statistics.median(values) for name, values in times.items()}
    # Linux starts a child's peak RSS at its parent's: measure while this runner is still small.
    _, rss_kib, code = run_once(search_big, env)
    _, rss_pass_kib, _ = run_once(python_pass[0], env)
    runner_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    print("in-process latency …", file=sys.stderr)
    samples, per_query = in_process_latency(folder, cache, rounds=max(5, args.runs))
    p50, p95 = percentile(samples, 50) * 1000, percentile(samples, 95) * 1000

    print("ask, first question …", file=sys.stderr)
    asks = first_prompts({"bare": [sys.executable, "-c", BARE_PROMPT], "bundled": lotse + ["ask"],
                          str(args.entries): lotse + big + ["ask"]}, env, args.runs)

    ms = lambda s: f"{s * 1000:.0f} ms"  # noqa: E731
    floor_pass = f"python -c pass {ms(med['pass'])}"
    floor_help = f"Typer app --help {ms(med['typer_help'])}"
    floor_command = f"Typer app command {ms(med['typer_command'])}"
    print()
    print(f"{'figure':<44} {'value':>10}  {'floor':<30} {'ratio':>7}  {'target':<8} verdict")
    ratio = med["help"] / med["typer_help"]
    print(row("cold `lotse --help`", ms(med["help"]), floor_help, ratio, f"≤ {TARGETS['help']}×",
              ratio <= TARGETS["help"]))
    ratio = med["search_bundled"] / med["typer_command"]
    print(row("cold `lotse search` (bundled)", ms(med["search_bundled"]), floor_command, ratio,
              f"≤ {TARGETS['search_bundled']}×", ratio <= TARGETS["search_bundled"]))
    print(row("cold `lotse search` (bundled)", ms(med["search_bundled"]), floor_pass,
              med["search_bundled"] / med["pass"], "", None))
    ratio = med["search_big"] / med["grep"]
    print(row(f"cold `lotse search` ({args.entries}, cache warm)", ms(med["search_big"]),
              f"grep -i -c {ms(med['grep'])}", ratio, f"≤ {TARGETS['search_20k_grep']:.0f}×",
              ratio <= TARGETS["search_20k_grep"]))
    print(row(f"in-process search p50 ({args.entries})", f"{p50:.1f} ms", "", None,
              f"≤ {TARGETS['p50_ms']:.0f} ms", p50 <= TARGETS["p50_ms"]))
    print(row(f"in-process search p95 ({args.entries})", f"{p95:.1f} ms", "", None, "", None))
    for label, (edited, entries, seconds, rss) in rebuilds.items():
        print(row(f"first run, {label} file edited ({args.entries})", f"{seconds:.1f} s",
                  f"full cold build {cold_s:.1f} s", seconds / cold_s, f"≤ {TARGETS['rebuild_s']:.0f} s",
                  seconds <= TARGETS["rebuild_s"]))
        print(row(f"  {edited.relative_to(folder)}, 1 of {len(files)} files", "",
                  f"{entries} entries, RSS {rss / 1024:.0f} MiB", None, "", None))
    print(row(f"full cold build, empty cache ({args.entries})", f"{cold_s:.1f} s", "", None,
              f"≤ {TARGETS['cold_s']:.0f} s", cold_s <= TARGETS["cold_s"]))
    print(row("  its peak memory, all processes together", f"{cold_total_kib / 1024:.0f} MiB",
              f"largest process {cold_largest_kib / 1024:.0f} MiB", None, f"≤ {TARGETS['cold_mib']:.0f} MiB",
              cold_total_kib / 1024 <= TARGETS["cold_mib"]))
    print(row("  progress bar shown on the terminal", {True: "yes", False: "no", None: "?"}[progress], "",
              None, "yes", progress))
    print(row(f"peak RSS, search ({args.entries}, cache warm)", f"{rss_kib / 1024:.0f} MiB",
              f"python -c pass {rss_pass_kib / 1024:.0f} MiB", None, f"≤ {TARGETS['rss_mib']:.0f} MiB",
              rss_kib / 1024 <= TARGETS["rss_mib"] and code == 0))
    if asks is not None:
        floor = f"questionary alone {ms(asks['bare'])}"
        for label in ("bundled", str(args.entries)):
            ratio = asks[label] / asks["bare"]
            print(row(f"`lotse ask`: first question ({label})", ms(asks[label]), floor, ratio,
                      f"≤ {TARGETS['ask']}×", ratio <= TARGETS["ask"]))
    print()
    print("in-process median per query (ms): " + ", ".join(f"{q!r} {t * 1000:.1f}" for q, t in per_query.items()))
    print(f"load average at end: {os.getloadavg()[0]:.2f}; this runner's peak RSS before the "
          f"in-process part {runner_kib / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
