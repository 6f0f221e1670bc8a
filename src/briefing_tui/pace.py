"""Time spent against a time slot, as the screens and reports put it. No Textual."""

from __future__ import annotations

from briefing_tui.session import Pace, Session

#: Within this many seconds of the pace, the user is "on pace".
ON_PACE_SECONDS = 30.0


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


def clock_line(session: Session) -> str:
    """The briefing's and the current section's time: 'Briefing 12:05 of 30:00, 2:10 behind ·
    To-do list 3:00 of 5:00, on pace'."""
    parts = []
    for name, pace in (
        ("Briefing", session.pace()),
        (session.section().title, session.pace(session.spot.section)),
    ):
        where = standing(pace)
        parts.append(f"{name} {spent(pace)}{f', {where}' if where else ''}")
    return " · ".join(parts)
