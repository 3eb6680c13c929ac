"""Contact sheets: a consultation's referrals as a file for the client, a colleague or a report.

`sheet` turns a recommendation (or a list of chosen entries) into a `Sheet`, a plain model with
every text already worded in the sheet's language; `formats` maps each output format to a pure
renderer (Sheet in, bytes out). Where the bytes go is the CLI's business.
"""
