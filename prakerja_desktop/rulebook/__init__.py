"""The rule book: the office's rule sets (shipped and imported), which one is in force, and the registration status."""
