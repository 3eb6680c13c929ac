"""How results are shown and exchanged: JSON records, terminal views, contact sheets, HSDS."""
