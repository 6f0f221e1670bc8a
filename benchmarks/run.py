"""Measure briefing-tui against the floor (a minimal Textual app), alternately, in one run.

    python benchmarks/run.py                       # every size, 7 rounds (several minutes)
    python benchmarks/run.py --sizes bundled,10000 --runs 9
    python benchmarks/run.py --quick               # a smoke run: tiny, 1 round (for the tests)

For each briefing size it runs, through ../shared/bench/tui-bench (tmux, alternating A B A B):
the floor app, then briefing-tui three times — toggling an item, switching section, jumping to
the end of the list — and reports each as a ratio to the floor measured in the same rounds:
time until the first screen *and* the footer are drawn, time from a key to the screen change,
and peak RSS. It also times `briefing-tui validate` and one progress save in-process, and,
for the bundled and 10,000-item briefings, the first launch and the keys that open a view:
the walkthrough (`w`, then `l` in it), the search box (`/`) and the note editor (`a`).

Last, it measures two Textual floors against the floor, alternately: the repaint floor
(repaint_floor.py: a minimal Textual app whose key redraws as many lines as a section switch
does) and the push floor (push_floor.py: its key opens a new screen, as `w` does): what any
Textual app pays to draw those lines, or to show a new screen, whatever it does besides.

Use a normal `pip install .` (not editable): the interpreter given by --python must import
briefing_tui from site-packages. Every run starts with an empty data directory; the briefing
cache is warmed by tui-bench's warm-up round, as it would be for anyone who opened the
briefing before.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
from generate import briefing_yaml, detail_marker, item_title  # noqa: E402

SIZES = ["bundled", "40", "1000", "10000", "100000"]
TARGETS = {  # (startup, key, rss) ratios to the floor
    "bundled": (1.3, 2.0, 1.5),
    "40": (None, 2.0, None),
    "1000": (None, 2.0, None),
    "10000": (1.6, 2.0, 2.0),
    "100000": (3.0, 2.0, None),
}

SAVE_SCRIPT = """
import json, statistics, sys, tempfile, time
from pathlib import Path
from briefing_tui.progress.format import ItemState, Progress, serialize
from briefing_tui.progress.store import RunFile
count = int(sys.argv[1])
with tempfile.TemporaryDirectory() as tmp:
    path = Path(tmp) / "p.json"
    now = time.time()
    # Worst case: every item already has a saved state.
    items = {f"i{n}": ItemState(n % 2 == 0, now) for n in range(count)}
    path.write_bytes(serialize(Progress("b", items=items)))
    run = RunFile(path, "b", "default")
    progress = run.read().progress
    times = []
    for n in range(30):
        t = time.perf_counter()
        progress.items[f"i{n}"] = ItemState(n % 3 == 0, time.time())
        progress = run.write(progress)
        times.append((time.perf_counter() - t) * 1000)
    print(json.dumps({"median_ms": statistics.median(times), "max_ms": max(times)}))
"""


#: The bundled briefing's file and item count, the start of section 2's first title, and a
#: word of section 1's last item's detail that nothing else in section 1 says (on screen only
#: once End has selected it).
BUNDLED_MARKERS = """
import re
from briefing_tui import files, loader
path = files.default_briefing_path()
briefing = loader.load(path)
first, second = briefing.sections[:2]
print(path)
print(briefing.item_count())
print(second.items[0].title[:24])
others = " ".join(i.title + " " + i.detail for i in first.items[:-1]) + first.title
words = re.findall(r"[A-Za-z]{6,}", first.items[-1].detail)  # whole words: never wrapped apart
print(max((w for w in words if w not in others), key=len))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(SIZES), help="comma-separated: bundled and/or item counts"
    )
    parser.add_argument("--runs", type=int, default=7, help="measured rounds (default 7)")
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument(
        "--python",
        default=sys.executable,
        help="interpreter with briefing-tui installed (pip install .)",
    )
    parser.add_argument("--tui-bench", default=str(REPO.parent / "shared" / "bench" / "tui-bench"))
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument(
        "--quick", action="store_true", help="smoke run: sizes 'bundled,40', 1 round, no warm-up"
    )
    parser.add_argument(
        "--allow-editable",
        action="store_true",
        help="measure an editable install anyway (figures are not comparable)",
    )
    options = parser.parse_args()
    if options.quick:
        options.sizes, options.runs, options.warmup = "bundled,40", 1, 0

    python = options.python
    where = run([python, "-c", "import briefing_tui; print(briefing_tui.__file__)"]).strip()
    if str(REPO / "src") in where and not options.allow_editable:
        sys.exit(
            f"benchmarks: {python} imports briefing_tui from the checkout ({where}); "
            "measure a normal install: python -m venv v && v/bin/pip install ."
        )
    command = str(Path(python).parent / "briefing-tui")
    floor_app = Path(options.tui_bench).parent / "floor_app.py"

    results: dict[str, object] = {"environment": environment(python)}
    rows = []
    with tempfile.TemporaryDirectory(prefix="briefing-bench-") as tmp:
        work = Path(tmp)
        # Textual sizes itself from COLUMNS/LINES when they are set: the terminal decides here.
        env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
        env["BRIEFING_TUI_CACHE_DIR"] = str(work / "cache")
        for size in options.sizes.split(","):
            path, count, after = prepare(size, work, python)
            apps = [
                floor_args(python, floor_app),
                *(
                    app_args(name, keys, marker, command, path, count, ready)
                    for name, keys, marker, ready in after
                    if name in PANES_APPS or size in EXTRA_SIZES
                ),
            ]
            print(f"== {size}: {count} items", file=sys.stderr, flush=True)
            figures = summarize(tui_bench_vs(apps, work / f"tui-{size}.json", env, options))
            figures["validate_ms"] = time_validate(command, path, env, max(3, options.runs))
            figures["save_ms"] = json.loads(run([python, "-c", SAVE_SCRIPT, str(count)]))
            figures["export_ms"] = json.loads(run([python, "-c", EXPORT_SCRIPT, str(path)]))
            figures["search_ms"] = json.loads(run([python, "-c", SEARCH_SCRIPT, str(path)]))
            if size in RELOAD_SIZES:
                figures["reload_keys"] = measure_reload_keys(
                    command, path, count, env, options, quick=options.quick
                )
            results[size] = figures
            rows.append(table_row(size, count, figures))
        for name in TEXTUAL_FLOORS:
            results[f"{name}_floor"] = measure_textual_floor(
                name, python, floor_app, work, env, options
            )
    print(render_table(rows, options))
    print(render_extras(results))
    for name, (script, *_, what) in TEXTUAL_FLOORS.items():
        floor = results[f"{name}_floor"]
        assert isinstance(floor, dict)
        print(
            f"\n{name.capitalize()} floor ({script}: {what} on its key): key "
            f"{floor['key_ms']:.0f} ms, {floor['key_ratio']:.2f}× the floor's "
            f"{floor['floor_key_ms']:.0f} ms in the same rounds."
        )
    if options.json:
        options.json.write_text(json.dumps(results, indent=1))


#: The apps measured at every size; the others only at EXTRA_SIZES (where their targets are).
PANES_APPS = ("toggle", "section", "end")
EXTRA_SIZES = ("bundled", "10000")
RELOAD_SIZES = ("10000",)


def app_args(
    name: str, keys: str, marker: str, command: str, path: Path, count: int, ready: str | None
) -> list[str]:
    """tui-bench's --app arguments: name, ready marker, command, keys, marker after them.

    `first…` start with an empty cache (the first launch after an install or an edit);
    `walk-next` starts in the walkthrough (`present`); the others open the panes, with the
    cache warmed by the warm-up round. Ready: `ready`, or the whole briefing's count and the
    footer.
    """
    run_dir = ' --data-dir "$(mktemp -d)"'
    target = f"{shlex.quote(command)} {shlex.quote(str(path))}"
    ready = ready or f"0 of {count} checked&&Quit"
    if name.startswith("first"):
        line = f'BRIEFING_TUI_CACHE_DIR="$(mktemp -d)" exec {target}{run_dir}'
    elif name == "walk-next":
        line = f"exec {shlex.quote(command)} present {shlex.quote(str(path))}{run_dir}"
        ready = "Item 1 of&&Panes"
    else:
        line = f"exec {target}{run_dir}"
    return [name, ready, "sh -c " + shlex.quote(line), keys, marker]


EXPORT_SCRIPT = """
import json, statistics, sys, time
from pathlib import Path
from briefing_tui import export, loader
from briefing_tui.progress.format import ItemState, Progress
briefing = loader.load(Path(sys.argv[1]))
now = time.time()
items = {i.id: ItemState(n % 2 == 0, now, "A note." if n % 5 == 0 else "", now, 12.0)
         for n, i in enumerate(i for s in briefing.sections for i in s.items)}
progress = Progress(briefing.id, "bench", now, items)
times = {}
for kind in export.FORMATS:
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        export.render(export.build(briefing, progress, now), kind)
        runs.append((time.perf_counter() - t) * 1000)
    times[kind] = statistics.median(runs)
print(json.dumps(times))
"""

SEARCH_SCRIPT = """
import json, statistics, sys, time
from pathlib import Path
from briefing_tui import loader
from briefing_tui.search import SearchIndex
briefing = loader.load(Path(sys.argv[1]))
index = SearchIndex(briefing, lambda item_id: "")
t = time.perf_counter()
index.search("x")  # the first keystroke also builds the index
first = (time.perf_counter() - t) * 1000
times = []
for query in ("defense", "missile defense", "alliance readiness"):
    for end in range(1, len(query) + 1):  # as typed, a keystroke at a time
        t = time.perf_counter()
        index.search(query[:end])
        times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"first_ms": first, "median_ms": statistics.median(times),
                  "max_ms": max(times)}))
"""


def measure_reload_keys(
    command: str,
    path: Path,
    count: int,
    env: dict[str, str],
    options: argparse.Namespace,
    quick: bool = False,
) -> dict[str, object]:
    """In a real terminal (tmux): how long a key (j) takes to show while the open briefing's
    file is being reloaded (validated again in another process), against the same key with
    no reload. One app per measure; the file is edited, the key sent once the validating
    process is running."""
    import importlib.machinery
    import importlib.util

    loader = importlib.machinery.SourceFileLoader("tui_bench", options.tui_bench)
    spec = importlib.util.spec_from_loader("tui_bench", loader)
    assert spec is not None
    bench = importlib.util.module_from_spec(spec)
    loader.exec_module(bench)
    copy = path.with_name(path.stem + "-reloaded.yaml")
    copy.write_bytes(path.read_bytes())
    line = f'exec {shlex.quote(command)} {shlex.quote(str(copy))} --data-dir "$(mktemp -d)"'
    argv = ["sh", "-c", line]
    rounds = 1 if quick else max(5, options.runs)
    results: dict[str, list[float]] = {"during_reload": [], "at_rest": []}
    old_env = dict(os.environ)
    os.environ.update(env)
    try:
        for round_no in range(rounds * 2):
            reload = round_no % 2 == 0
            with bench.Run(argv, (120, 40), 0.005) as tmux:
                tmux.wait_for(f"0 of {count} checked&&Quit", 60)
                time.sleep(0.6)  # the first screen's work is done
                if reload:
                    with copy.open("a", encoding="utf-8") as handle:
                        handle.write(f"# edited {round_no}\n")
                    deadline = time.monotonic() + 5
                    while not _validating() and time.monotonic() < deadline:
                        time.sleep(0.01)
                    if not _validating():
                        raise RuntimeError("the edited briefing was not being validated")
                    time.sleep(0.05)
                started = time.perf_counter()
                tmux.tmux("send-keys", "-t", "app", "j")
                key = tmux.wait_for(detail_marker(1, 2), 30, since=started)
                results["during_reload" if reload else "at_rest"].append(key * 1000)
    finally:
        os.environ.clear()
        os.environ.update(old_env)
    return {
        "during_reload_ms": statistics.median(results["during_reload"]),
        "during_reload_max_ms": max(results["during_reload"]),
        "at_rest_ms": statistics.median(results["at_rest"]),
        "runs": results,
    }


def _validating() -> bool:
    return bool(
        subprocess.run(
            ["pgrep", "-f", "briefing_tui.reload_worker"], capture_output=True, text=True
        ).stdout.strip()
    )


def tui_bench_vs(
    apps: list[list[str]], out: Path, env: dict[str, str], options: argparse.Namespace
) -> dict[str, list[dict[str, float]]]:
    """Run `tui-bench vs` on the apps (alternately, the first being the floor); every run."""
    args = [
        sys.executable,
        options.tui_bench,
        "vs",
        "--runs",
        str(options.runs),
        "--warmup",
        str(options.warmup),
        "--json",
        str(out),
    ]
    for app in apps:
        args += ["--app", *app]
    subprocess.run(args, check=True, env=env, stdout=sys.stderr)
    results: dict[str, list[dict[str, float]]] = json.loads(out.read_text())["results"]
    return results


def floor_args(python: str, floor_app: Path) -> list[str]:
    """The floor app as tui-bench runs it: ready when it shows FLOOR-READY and its footer,
    its key is Space, done when FLOOR-TOGGLED is on screen."""
    return [
        "floor",
        "FLOOR-READY&&Quit",
        f"{shlex.quote(python)} {floor_app}",
        "space",
        "FLOOR-TOGGLED",
    ]


#: The Textual floors beside the floor app: script, ready marker, marker after Space, what
#: its key does.
TEXTUAL_FLOORS = {
    "repaint": ("repaint_floor.py", "REPAINT-READY&&Quit", "REPAINT-DONE", "redraws ~60 lines"),
    "push": ("push_floor.py", "PUSH-READY&&Quit", "PUSHED", "opens a new screen"),
}


def measure_textual_floor(
    name: str,
    python: str,
    floor_app: Path,
    work: Path,
    env: dict[str, str],
    options: argparse.Namespace,
) -> dict[str, float]:
    """One of TEXTUAL_FLOORS against the floor, alternately: its key's time and ratio."""
    script, ready, done, _ = TEXTUAL_FLOORS[name]
    apps = [
        floor_args(python, floor_app),
        [name, ready, f"{shlex.quote(python)} {shlex.quote(str(HERE / script))}", "space", done],
    ]
    print(f"== {name} floor", file=sys.stderr, flush=True)
    runs = tui_bench_vs(apps, work / f"tui-{name}.json", env, options)
    return {
        "floor_key_ms": statistics.median(r["key"] for r in runs["floor"]),
        "key_ms": statistics.median(r["key"] for r in runs[name]),
        "key_ratio": _ratio(runs[name], runs["floor"], "key"),
    }


#: On screen once the search box is open (its placeholder), and once the note editor is.
SEARCH_MARKER = "Search titles, details and notes"
NOTE_MARKER = "Note on "


def prepare(
    size: str, work: Path, python: str
) -> tuple[Path, int, list[tuple[str, str, str, str | None]]]:
    """The briefing file, its item count, and (name, keys, marker after the keys, ready
    marker if not the count's) to time."""
    if size == "bundled":
        path_text, count_text, section_marker, end_marker = run(
            [python, "-c", BUNDLED_MARKERS]
        ).splitlines()
        return (
            Path(path_text),
            int(count_text),
            [
                ("toggle", "space", f"1 of {count_text} checked", None),
                ("section", "2", section_marker, None),
                ("end", "End", end_marker, None),  # the last item's detail
                ("walk-open", "w", "Item 1 of", None),
                ("walk-next", "l", "Item 2 of", None),
                ("search-open", "/", SEARCH_MARKER, None),
                ("note-open", "a", NOTE_MARKER, None),
                ("first", "space", f"1 of {count_text} checked", None),  # ships validated
            ],
        )
    count = int(size)
    path = work / f"briefing-{count}.yaml"
    path.write_text(briefing_yaml(count), encoding="utf-8")
    first_section = count // 4 + (1 if count % 4 else 0)
    return (
        path,
        count,
        [
            ("toggle", "space", f"1 of {count} checked", None),
            ("section", "2", item_title(2, 1), None),
            ("end", "End", detail_marker(1, first_section), None),
            ("walk-open", "w", "Item 1 of", None),
            ("walk-next", "l", "Item 2 of", None),
            ("search-open", "/", SEARCH_MARKER, None),
            ("note-open", "a", NOTE_MARKER, None),
            # A large file's first launch shows its first part (its first item and the keys),
            # then the whole once it is checked (the count of all its items).
            ("first", "space", f"1 of {count} checked", f"{item_title(1, 1)}&&Quit"),
            ("first-whole", "space", f"1 of {count} checked", None),
        ],
    )


def summarize(runs: dict[str, list[dict[str, float]]]) -> dict[str, object]:
    floor = runs["floor"]
    out: dict[str, object] = {
        "floor": {
            "startup_ms": statistics.median(r["startup"] for r in floor),
            "key_ms": statistics.median(r["key"] for r in floor),
            "rss_mib": statistics.median(r["rss"] for r in floor) / 1024,
        }
    }
    for name, rs in runs.items():
        if name == "floor":
            continue
        out[name] = {
            "startup_ms": statistics.median(r["startup"] for r in rs),
            "key_ms": statistics.median(r["key"] for r in rs),
            "rss_mib": statistics.median(r["rss"] for r in rs) / 1024,
            # Round by round: each run against the floor run next to it.
            "startup_ratio": _ratio(rs, floor, "startup"),
            "key_ratio": _ratio(rs, floor, "key"),
            "rss_ratio": _ratio(rs, floor, "rss"),
        }
    return out


def _ratio(runs: list[dict[str, float]], floor: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] / f[key] for r, f in zip(runs, floor, strict=True))


def time_validate(command: str, path: Path, env: dict[str, str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [command, "validate", str(path)], env=env, check=True, stdout=subprocess.DEVNULL
        )
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def table_row(size: str, count: int, f: dict[str, object]) -> dict[str, object]:
    def g(app: str, key: str) -> float:
        value = f[app]
        assert isinstance(value, dict)
        return float(value[key])

    startup = statistics.median([g(a, "startup_ratio") for a in ("toggle", "section", "end")])
    rss = statistics.median([g(a, "rss_ratio") for a in ("toggle", "section", "end")])
    save = f["save_ms"]
    assert isinstance(save, dict)
    return {
        "size": size,
        "count": count,
        "floor_startup": g("floor", "startup_ms"),
        "floor_key": g("floor", "key_ms"),
        "startup": statistics.median([g(a, "startup_ms") for a in ("toggle", "section", "end")]),
        "startup_ratio": startup,
        "keys": {a: (g(a, "key_ms"), g(a, "key_ratio")) for a in ("toggle", "section", "end")},
        "rss": g("toggle", "rss_mib"),
        "floor_rss": g("floor", "rss_mib"),
        "rss_ratio": rss,
        "validate": f["validate_ms"],
        "save": save["median_ms"],
    }


#: Targets of the measures beyond the main table: (first launch startup, its RSS) by size.
FIRST_TARGETS = {"bundled": (1.25, None), "10000": (2.0, 2.5)}


def render_extras(results: dict[str, object]) -> str:
    """The first launch, the walkthrough's keys, the keys opening search and a note, export,
    search and the reload's keys."""
    lines = [
        "",
        "| size | first launch | first launch, whole checked | first RSS "
        "| walkthrough opens (w) | walkthrough next (l) | search opens (/) | note opens (a) "
        "| export md / html / json | search per keystroke (median, max) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for size, figures in results.items():
        if not isinstance(figures, dict) or "export_ms" not in figures:
            continue

        def cell(
            app: str, key: str, target: float | None, figures: dict[str, object] = figures
        ) -> str:
            value = figures.get(app)
            if not isinstance(value, dict):
                return "-"
            ms = value[f"{key}_ms"] if key != "rss" else value["rss_mib"]
            ratio = value[f"{key}_ratio"]
            unit = "MiB" if key == "rss" else "ms"
            return f"{ms:.0f} {unit} {ratio:.2f}×{verdict(ratio, target)}"

        first_start, first_rss = FIRST_TARGETS.get(size, (None, None))
        export_ms, search_ms = figures["export_ms"], figures["search_ms"]
        # The peak memory of a first launch is once the whole file is checked.
        whole = "first-whole" if "first-whole" in figures else "first"
        lines.append(
            f"| {size} | {cell('first', 'startup', first_start)} "
            f"| {cell('first-whole', 'startup', None)} "
            f"| {cell(whole, 'rss', first_rss)} | {cell('walk-open', 'key', 2.0)} "
            f"| {cell('walk-next', 'key', 2.0)} | {cell('search-open', 'key', 2.0)} "
            f"| {cell('note-open', 'key', 2.0)} "
            f"| {' / '.join(f'{export_ms[k]:.0f}' for k in ('md', 'html', 'json'))} ms "
            f"| {search_ms['median_ms']:.1f} / {search_ms['max_ms']:.1f} ms |"
        )
    for size, figures in results.items():
        if isinstance(figures, dict) and "reload_keys" in figures:
            reload = figures["reload_keys"]
            lines.append(
                f"\nA key (j) while the {size}-item file is being validated again: median "
                f"{reload['during_reload_ms']:.0f} ms, worst {reload['during_reload_max_ms']:.0f} "
                f"ms (target: within 100 ms); the same key with no reload: "
                f"{reload['at_rest_ms']:.0f} ms."
            )
    return "\n".join(lines)


def verdict(value: float, target: float | None) -> str:
    if target is None:
        return ""
    return " ✓" if value <= target else f" ✗ (target ≤{target}×)"


def render_table(rows: list[dict[str, object]], options: argparse.Namespace) -> str:
    lines = [
        f"{options.runs} rounds (+{options.warmup} warm-up), alternating with the floor; "
        "medians; ratios are round-by-round medians against the floor.",
        "",
        "| size | floor start | start | ratio | toggle | section | end | floor key "
        "| RSS MiB (floor) | RSS ratio | validate | save |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        target = TARGETS.get(str(r["size"]), (None, 2.0, None))
        keys = r["keys"]
        assert isinstance(keys, dict)
        startup_ratio, rss_ratio = r["startup_ratio"], r["rss_ratio"]
        assert isinstance(startup_ratio, float) and isinstance(rss_ratio, float)
        key_cells = [
            f"{ms:.0f} ms {ratio:.2f}×{verdict(ratio, target[1])}" for ms, ratio in keys.values()
        ]
        lines.append(
            f"| {r['size']} ({r['count']:,} items) | {r['floor_startup']:.0f} ms "
            f"| {r['startup']:.0f} ms | {r['startup_ratio']:.2f}×"
            f"{verdict(startup_ratio, target[0])} | "
            + " | ".join(key_cells)
            + f" | {r['floor_key']:.0f} ms | {r['rss']:.1f} ({r['floor_rss']:.1f}) "
            f"| {r['rss_ratio']:.2f}×{verdict(rss_ratio, target[2])} "
            f"| {r['validate']:.0f} ms | {r['save']:.1f} ms |"
        )
    return "\n".join(lines)


def environment(python: str) -> dict[str, str]:
    versions = run(
        [
            python,
            "-c",
            (
                "import importlib.metadata as m, sys; "
                "print(sys.version.split()[0], *(m.version(p) for p in "
                "('briefing-tui', 'textual', 'pydantic', 'PyYAML')))"
            ),
        ]
    ).split()
    return {
        "date": time.strftime("%Y-%m-%d"),
        "machine": platform.machine(),
        "cpus": str(os.cpu_count()),
        "kernel": platform.release(),
        "python": versions[0],
        "briefing-tui": versions[1],
        "textual": versions[2],
        "pydantic": versions[3],
        "pyyaml": versions[4],
        "tmux": run(["tmux", "-V"]).strip(),
    }


def run(args: list[str]) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


if __name__ == "__main__":
    main()
