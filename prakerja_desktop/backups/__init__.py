"""The backups room: verified backups (backup), their schedule and pruning (schedule), and the
retention purge (retention); room.py is the room class on the app."""
