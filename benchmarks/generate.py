"""Write a synthetic, valid briefing of N items (4 sections) for benchmarks.

    python benchmarks/generate.py 10000 /tmp/briefing-10000.yaml

Titles are unique and predictable, so a benchmark can wait for them on screen:
section S's item I is titled "S{S} item {I:06d} ..." and its detail starts with
"Detail of sS-iIIIIII" (shown only while that item is selected). Details are realistic Markdown of a
few hundred characters (paragraphs, bold, a list): about the bundled briefing's average.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SECTIONS = 4
WORDS = [
    "alliance",
    "deterrence",
    "exercise",
    "interoperability",
    "missile",
    "defense",
    "surveillance",
    "cyber",
    "readiness",
    "partnership",
    "regional",
    "security",
    "maritime",
    "coordination",
    "intelligence",
    "capability",
    "training",
    "assurance",
    "dialogue",
    "budget",
    "technology",
    "posture",
    "framework",
    "response",
    "commitment",
]


def _sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def item_title(section: int, index: int) -> str:
    return f"S{section} item {index:06d} about {WORDS[index % len(WORDS)]}"


def detail_marker(section: int, index: int) -> str:
    """The first line of an item's detail: on screen only while that item is selected."""
    return f"Detail of s{section}-i{index:06d}"


def briefing_yaml(count: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    per_section = [count // SECTIONS + (1 if s < count % SECTIONS else 0) for s in range(SECTIONS)]
    out = [
        f"id: bench-{count}",
        f"title: Benchmark briefing of {count} items",
        "sources:",
        "  - id: synthetic",
        "    file: synthetic.txt",
        "    title: Generated text",
        "sections:",
    ]
    for s, n in enumerate(per_section, start=1):
        out += [f"  - id: section-{s}", f"    title: Section {s} of the benchmark", "    items:"]
        for i in range(1, n + 1):
            detail = [
                f"{detail_marker(s, i)}.",
                "",
                f"**{_sentence(rng, 2)[:-1]}:** {_sentence(rng, 12)}",
                "",
                _sentence(rng, 14),
                "",
                *(f"- {_sentence(rng, 4)}" for _ in range(2)),
            ]
            out += [
                f"      - id: s{s}-i{i:06d}",
                f"        title: {item_title(s, i)}",
                "        source: synthetic",
                "        detail: |",
                *(f"          {line}" if line else "" for line in detail),
            ]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of items")
    parser.add_argument("output", type=Path)
    options = parser.parse_args()
    options.output.write_text(briefing_yaml(options.count), encoding="utf-8")


if __name__ == "__main__":
    main()
