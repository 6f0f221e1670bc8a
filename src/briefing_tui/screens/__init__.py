"""The screens: the panes (`briefing`) and the walkthrough, which share `session_screen`;
the picker; and the dialogs over them (help, note, runs, search, source, confirm, quit)."""
