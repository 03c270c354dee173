"""Migration slot: the counter and exceptions desk (issue 10): intake, R-10..R-12, R-39..R-41."""

SQL = """
"""
