"""The kiosk room: kiosk settings, PIN and crash session (mode), and the process supervisor (supervisor)."""
