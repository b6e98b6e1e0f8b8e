"""The staff area: accounts, records, follow-up per wave, reports, batch pre-check."""
