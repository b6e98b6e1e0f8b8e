"""Kiosk mode: the window stays fullscreen, idle sessions are wiped, staff leave with a PIN.

Nothing here is imported at start-up unless the kiosk is on (launch.py imports no Qt at all).
"""
