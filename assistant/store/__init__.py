"""Crash-safe storage of assessments: a snapshot, a journal and a summary per assessment."""

from assistant.store.assessments import Assessment, Store, memory_store
from assistant.store.summaries import Summary

__all__ = ["Assessment", "Store", "Summary", "memory_store"]
