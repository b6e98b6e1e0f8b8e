"""Receipts in the GUI: preview (QtPdf), printing (CUPS or Qt) and saving the PDF.

Import the modules themselves (print_row, preview); QtPdf and QtPrintSupport load only when a
preview first opens, so the first screen is not slowed down.
"""
