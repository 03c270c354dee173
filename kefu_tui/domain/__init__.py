"""Pure domain: pydantic models and rule functions (SPEC R-xx). No I/O, no textual, no sqlite."""
