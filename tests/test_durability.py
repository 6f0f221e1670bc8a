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
from briefing_tui.progress import ItemState, ProgressStore, merge, parse, serialize

SAVE_LOOP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from briefing_tui.progress import ProgressStore
    store = ProgressStore(Path(sys.argv[1]), "brief")
    store.load()
    n = len(store.checked_ids())
    print("ready", flush=True)
    while True:  # each save checks one more item: the file must always hold a prefix
        store.set_checked(f"item-{n:05d}", True)
        n += 1
""")


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
    store = ProgressStore(path, "brief")
    store.load()
    assert store.notices == []
    assert len(store.checked_ids()) == previous


WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from briefing_tui.progress import ProgressStore
    path, prefix = Path(sys.argv[1]), sys.argv[2]
    store = ProgressStore(path, "brief")
    store.load()
    for n in range(150):
        store.set_checked(f"{prefix}-{n}", True)
""")


def test_two_instances_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "progress" / "brief.json"
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), name])
        for name in ("left", "right")
    ]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    store = ProgressStore(path, "brief")
    store.load()
    assert len(store.checked_ids()) == 300


def test_unreadable_progress_file_is_not_overwritten(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        import pytest

        pytest.skip("root can read any file; chmod cannot make it unreadable")
    path = tmp_path / "brief.json"
    path.write_text("{}")
    path.chmod(0)
    store = ProgressStore(path, "brief")
    store.load()
    assert store.read_only and "permission denied" in store.notices[0]


states = st.dictionaries(
    st.text(min_size=1, max_size=30),
    st.builds(
        ItemState, st.booleans(), st.floats(min_value=0, max_value=4_000_000_000, allow_nan=False)
    ),
    max_size=30,
)


@given(states)
@settings(max_examples=200, deadline=None)
def test_progress_round_trips_any_state(state: dict[str, ItemState]) -> None:
    restored = parse(serialize("brief", state), now=5e9, clamp_to=0)
    assert restored.keys() == state.keys()
    for key, value in state.items():
        assert restored[key].checked == value.checked
        assert abs(restored[key].changed_at - value.changed_at) < 1e-5


@given(states, states)
@settings(max_examples=200, deadline=None)
def test_merge_keeps_every_item_and_the_latest_change(
    ours: dict[str, ItemState], theirs: dict[str, ItemState]
) -> None:
    merged = merge(ours, theirs)
    assert merged.keys() == ours.keys() | theirs.keys()
    for key, value in merged.items():
        candidates = [s for s in (ours.get(key), theirs.get(key)) if s is not None]
        assert value.changed_at == max(s.changed_at for s in candidates)


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
