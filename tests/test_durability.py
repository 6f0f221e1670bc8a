"""Guarantees that need real processes: SIGKILL mid-save, two writers, arbitrary input."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing_tui import loader
from briefing_tui.loader import ContentError
from briefing_tui.progress.format import (
    Damaged,
    ItemState,
    Position,
    Progress,
    TooNew,
    merge,
    merge_item,
    parse,
    serialize,
)
from briefing_tui.progress.store import RunFile

SAVE_LOOP = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from briefing_tui.progress.format import ItemState
    from briefing_tui.progress.store import RunFile
    run = RunFile(Path(sys.argv[1]), "brief", "default")
    progress = run.read().progress
    n = len(progress.items)
    print("ready", flush=True)
    while True:  # each save checks one more item: the file must always hold a prefix
        progress.items[f"item-{n:05d}"] = ItemState(True, time.time())
        progress = run.write(progress)
        n += 1
""")


def read_back(path: Path) -> Progress:
    loaded = RunFile(path, "brief", "default").read()
    assert loaded.notices == []
    return loaded.progress


def test_sigkill_during_saves_never_leaves_a_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "progress" / "brief.json"
    rng = random.Random(1234)
    previous = 0
    for _ in range(25):
        proc = subprocess.Popen(
            [sys.executable, "-c", SAVE_LOOP, str(path)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.05))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # The file parses, and holds a consistent state that includes every earlier save.
        document = json.loads(path.read_text())
        ids = sorted(document["items"])
        assert ids == [f"item-{n:05d}" for n in range(len(ids))]
        assert len(ids) >= previous
        previous = len(ids)
    assert len(read_back(path).items) == previous


WRITER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from briefing_tui.progress.format import ItemState
    from briefing_tui.progress.store import RunFile
    path, prefix = Path(sys.argv[1]), sys.argv[2]
    run = RunFile(path, "brief", "default")
    progress = run.read().progress
    for n in range(150):
        progress.items[f"{prefix}-{n}"] = ItemState(True, time.time())
        progress = run.write(progress)
""")


def test_two_instances_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress" / "brief.json"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name])
        for name in ("left", "right")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    assert len(read_back(path).items) == 300


def test_unreadable_progress_file_is_not_overwritten(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        import pytest

        pytest.skip("root can read any file; chmod cannot make it unreadable")
    path = tmp_path / "brief.json"
    path.write_text("{}")
    path.chmod(0)
    loaded = RunFile(path, "brief", "default").read()
    assert "permission denied" in loaded.notices[0]


times = st.floats(min_value=0, max_value=4_000_000_000, allow_nan=False)
item_states = st.builds(
    ItemState,
    st.booleans(),
    times,
    st.text(max_size=40),
    times,
    st.floats(min_value=0, max_value=100_000, allow_nan=False),
)
states = st.dictionaries(st.text(min_size=1, max_size=30), item_states, max_size=30)
progresses = st.builds(
    Progress,
    st.just("brief"),
    st.text(min_size=1, max_size=20).filter(str.strip),
    times,
    states,
    st.none() | st.builds(Position, st.text(max_size=10), st.text(max_size=10), times),
)


def round_trip(progress: Progress) -> Progress:
    restored, problems = parse(serialize(progress, "token"), now=5e9, clamp_to=0)
    assert problems == []
    return restored


@given(progresses)
@settings(max_examples=200, deadline=None)
def test_progress_round_trips_any_state(progress: Progress) -> None:
    once = round_trip(progress)
    assert once.items.keys() == progress.items.keys()
    for key, value in progress.items.items():
        got = once.items[key]
        assert (got.checked, got.note) == (value.checked, value.note)
        assert abs(got.changed_at - value.changed_at) < 1e-5
        assert abs(got.seconds - value.seconds) < 1e-3
    assert round_trip(once) == once  # written once, it is written the same way ever after


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "2026-11-20T10:00:00+00:00",
            "0001-01-01T00:00:00+14:00",
            "9999-12-31T23:59:59-14:00",
            "1900-01-01",
            "2026-13-45T99:00:00",
        ]
    ),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
entries = st.fixed_dictionaries(
    {},
    optional={
        "checked": st.booleans() | json_values,
        "changed_at": json_values,
        "note": st.text(max_size=30) | json_values,
        "note_changed_at": json_values,
        "seconds": st.floats(allow_nan=False, allow_infinity=False) | json_values,
    },
)


@given(
    st.dictionaries(st.text(max_size=12), entries | json_values, max_size=6),
    st.fixed_dictionaries(
        {},
        optional={
            "version": st.sampled_from([1, 2]) | json_values,
            "run": json_values,
            "started_at": json_values,
            "position": json_values,
            "briefing": json_values,
        },
    ),
)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_whatever_a_file_holds_is_read_or_refused_and_what_is_read_can_be_written(
    items: dict[str, object], extra: dict[str, object]
) -> None:
    document = {"format": "briefing-tui-progress", "version": 2, **extra, "items": items}
    data = json.dumps(document).encode()
    try:
        progress, problems = parse(data, now=2e9, clamp_to=1.9e9)
    except (Damaged, TooNew):
        return
    serialize(progress, "token")  # never raises: what is read can be written
    assert round_trip(round_trip(progress)) == round_trip(progress)
    assert len(progress.items) + len(problems) >= len(items)


@given(states, states)
@settings(max_examples=200, deadline=None)
def test_merge_keeps_every_item_and_the_latest_change_of_each_part(
    ours: dict[str, ItemState], theirs: dict[str, ItemState]
) -> None:
    merged = merge(Progress("b", items=ours), Progress("b", items=theirs)).items
    assert merged.keys() == ours.keys() | theirs.keys()
    for key, value in merged.items():
        candidates = [s for s in (ours.get(key), theirs.get(key)) if s is not None]
        assert value.changed_at == max(s.changed_at for s in candidates)
        assert value.note_changed_at == max(s.note_changed_at for s in candidates)
        assert value.seconds == max(s.seconds for s in candidates)


def test_on_a_tie_our_change_wins() -> None:
    """Two copies changed one item at the same moment: the copy saving keeps its own."""
    ours = ItemState(True, 100.0, "our note", 50.0)
    theirs = ItemState(False, 100.0, "their note", 50.0)
    assert merge_item(ours, theirs) == ours
    assert merge_item(theirs, ours) == theirs
    assert merge(Progress("b", items={"a": ours}), Progress("b", items={"a": theirs})).items == {
        "a": ours
    }


yaml_fragments = st.sampled_from(
    [
        "id: x\n",
        "title: t\n",
        "sources:\n",
        "sections:\n",
        "  - id: s\n",
        "    items:\n",
        "&a ",
        "*a ",
        "[",
        "]",
        "{",
        "}",
        "- ",
        ": ",
        "\t",
        "no",
        "2024-01-01",
        "'",
        '"',
        "\\e",
        "---\n",
        "<<: ",
        "!!python/object ",
        "\n",
        "    ",
        "\ufeff",
        "\x00",
        "\xe9",
    ]
)


@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(yaml_fragments, max_size=40).map(lambda parts: "".join(parts).encode("utf-8")),
    )
)
@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_loader_returns_a_briefing_or_a_content_error(data: bytes) -> None:
    try:
        loader.load_bytes(data, "fuzz.yaml")
    except ContentError as error:
        assert error.issues and all(str(issue).startswith("fuzz.yaml") for issue in error.issues)
