"""Migration slot: the branch server (issue 9): audit trail, row versions, personal data."""

SQL = """
"""
