"""Time spent against a time slot, as the screens and reports put it. No Textual."""

from __future__ import annotations

from typing import NamedTuple

from briefing_tui.session import Session

#: Within this many seconds of the pace, the user is "on pace".
ON_PACE_SECONDS = 30.0


class Pace(NamedTuple):
    """Time spent against a budget (`minutes:`), and how far ahead or behind."""

    spent: float  # seconds
    budget: float | None  # seconds; None: no budget
    #: Seconds behind the pace the budget sets for what is checked (negative: ahead).
    behind: float | None


def pace(session: Session, section: int | None = None) -> Pace:
    """Time spent on the briefing (or one section) against its `minutes:`."""
    if section is None:
        spent, minutes = session.total_seconds(), session.briefing.minutes
        done, total = session.checked_total, session.item_count
    else:
        target = session.briefing.sections[section]
        spent, minutes = session.section_seconds(section), target.minutes
        done, total = session.count(section), len(target.items)
    if minutes is None:
        return Pace(spent, None, None)
    budget = minutes * 60.0
    expected = budget * done / total if total else budget
    return Pace(spent, budget, spent - expected)


def duration(seconds: float) -> str:
    """12:05, or 1:02:05 past an hour."""
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spent(pace: Pace) -> str:
    """'12:05 of 30:00', or '12:05' without a budget."""
    if pace.budget is None:
        return duration(pace.spent)
    return f"{duration(pace.spent)} of {duration(pace.budget)}"


def standing(pace: Pace) -> str:
    """'2:10 behind', '1:05 ahead', 'on pace', or '' without a budget."""
    if pace.behind is None:
        return ""
    if abs(pace.behind) < ON_PACE_SECONDS:
        return "on pace"
    return f"{duration(abs(pace.behind))} {'behind' if pace.behind > 0 else 'ahead'}"


def clock_line(session: Session, compact: bool = False) -> str:
    """The briefing's and the current section's time: 'Briefing 12:05 of 30:00, 2:10 behind ·
    To-do list 3:00 of 5:00, on pace'; `compact` (for the progress line): 'Time 12:05/30:00
    2:10 behind · section 3:00/5:00 on pace'."""
    parts = []
    names = ("Time", "section") if compact else ("Briefing", session.section().title)
    for name, against in zip(
        names, (pace(session), pace(session, session.spot.section)), strict=True
    ):
        where = standing(against)
        if compact:
            shown = duration(against.spent)
            if against.budget is not None:
                shown += f"/{duration(against.budget)}"
            parts.append(f"{name} {shown}{f' {where}' if where else ''}")
        else:
            parts.append(f"{name} {spent(against)}{f', {where}' if where else ''}")
    return " · ".join(parts)
