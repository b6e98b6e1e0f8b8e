"""The staff room: accounts and login (room, session), office details (accounts), record list and edits (records, views)."""
