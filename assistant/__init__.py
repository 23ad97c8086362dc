"""bmm-assistant: a terminal assistant for Border and Migration Management Assessments."""

__version__ = "0.1.0"
