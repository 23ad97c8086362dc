"""Agencies answering their parts apart: packages out (``assign``), answers back (``merge``), conflicts.

Records kept in the assessment (``Assessment.records(kind)``), all journalled and exported:
``package`` (each package sent: agency, person, elements, file), ``merge`` (each file merged,
with its counts), ``conflict`` (a question answered differently, each side with its source and
time, until settled) and ``settled`` (the group's decision and the answers it chose between).
An agency's local copy has ``meta.package``. Headless: no Textual.
"""
