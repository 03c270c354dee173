"""Migration slot: the quality desk (issue 11): R-31..R-33 registers, complaints, handover."""

SQL = """
"""
