"""Clinical instruments (COWS, DSM-5-TR opioid use disorder): data, validation and the scoring form."""
