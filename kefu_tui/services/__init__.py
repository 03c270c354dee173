"""Use cases a clerk or a script performs; each write is one store transaction with its audit entry."""
