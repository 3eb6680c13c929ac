"""What lotse decides: eligibility and ranking, search, freshness, coverage. Pure: data in, data out."""
