"""The backups room: verified backups (backup), their schedule and pruning (schedule), the retention purge (retention)."""
