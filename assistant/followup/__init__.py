"""Follow-up assessments: a baseline read on the current framework, the comparison, the road-map review."""
