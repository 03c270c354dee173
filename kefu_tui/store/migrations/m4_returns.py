"""Migration slot: returns (issue 12): the sender's reply, returns (R-09)."""

SQL = """
"""
