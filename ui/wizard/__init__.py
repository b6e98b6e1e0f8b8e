"""The applicant wizard: a host with Back/Next and one module per step."""
