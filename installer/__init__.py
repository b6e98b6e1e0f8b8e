"""Packaging: the PyInstaller spec's rules, the .deb and the NSIS check (`python installer/build.py`)."""
