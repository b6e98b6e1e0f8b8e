"""The keys room: the database key's recovery passphrase and locked mode (management)."""
