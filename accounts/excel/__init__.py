"""Excel import and export of customers, their units and their financial history.

Everything in this package works on plain values and files, never on the database: the sheets
and their columns (`columns`), the checks a file passes before any spreadsheet library opens it
(`safety`), reading a workbook into rows with per-row errors (`reading`), the downloadable
template (`template`) and the export workbooks (`writing`). Matching rows to customers and
writing them is `accounts.services.imports`.
"""
