"""Contact sheets: a consultation's referrals as a file for the client, a colleague or a report.

`sheet` turns a recommendation, a search or chosen entries into a `Sheet`, a plain model with
every text already worded in the sheet's language; `formats` names the output formats and
`renderers` maps each to a pure renderer (Sheet in, bytes out), one module per format. Where the
bytes go is the CLI's business.
"""
