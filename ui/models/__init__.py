"""Qt item models over core queries (rows fetched on the worker thread)."""
