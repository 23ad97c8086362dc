"""Agencies answering their parts apart: packages out (``assign``), answers back (``merge``), conflicts.

Headless: no Textual. The CLI, the plain interview and the TUI call these functions.
"""
