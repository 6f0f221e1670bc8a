"""briefing-tui: walk through a briefing in the terminal and check items off."""

__version__ = "1.1.0"
