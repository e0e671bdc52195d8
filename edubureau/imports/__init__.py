"""The one tabular import pipeline (DESIGN.md "Imports"): its database-free front half.

reading.read_table      bytes of an xlsx/xlsb/xls/ods/CSV upload → RawTable (typed cells, streamed rows)
headers.find_header     the header row under title rows, header synonyms → HeaderMatch
normalise               one cell → a clean value, or a CellError with a Chinese reason
validation.validate_rows every row checked, every error collected → ValidationResult
error_workbook          the upload back as .xlsx with a 错误说明 column; safe_cell for exports
"""
