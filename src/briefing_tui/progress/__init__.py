"""Progress: what a user did with a briefing, saved so that none of it is ever lost.

`format` is the file format (parse, serialize, merge: pure functions), `store` one run's file
on disk (locking, atomic writes, recovery), `runs` the named runs of a briefing.
"""
