"""Migration slot: one answer per rule (issue 7)."""

SQL = """
"""
