"""The message a screen gets when another clerk (or one of this workstation's own workers)
committed to the database: reload what is shown, keeping cursor and selection (issue 9)."""

from textual.message import Message


class DataChanged(Message):
    """Something in the database changed since the screen last looked."""
