"""Reports for the office: aggregates over records, and their export (CSV, XLSX, one-page PDF)."""
