"""The drafts and records rooms (room) and obviously fake demo people (demo)."""
