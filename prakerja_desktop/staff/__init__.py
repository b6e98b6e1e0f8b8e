"""The staff room: accounts and login (room, session), office details (accounts), the record list
and edits (records, views); room.py is the room class on the app."""
