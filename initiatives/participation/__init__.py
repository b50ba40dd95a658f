"""Participation (issue 18): proposals of initiatives, corrections of summaries, searches followed
by e-mail. Models are in models/participation.py; this package holds the rest, by concern."""
