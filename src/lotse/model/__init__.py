"""What the data is: service entries, vocabulary, places, referral chains, answers, the catalogue."""
