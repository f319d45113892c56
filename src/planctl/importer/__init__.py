"""`planctl import`: a plan a municipality keeps in Word (or markdown) into a planctl source.

The wing reads a document into a neutral tree (`tree`), from .docx (`docx`, with `container`, `styles`,
`numbering`), markdown (`markdown`) or, through LibreOffice, .odt/.doc/.rtf (`convert`); finds its
structure (`structure`, `blocks`, `inline`), its registries (`measures`, `units`, `services`, `status`,
`statistics`, `entities`), its adoption and metadata (`metadata`), matches regional text (`regional`), and
writes the plan (`emit`) with an import report (`report`). `run.import_document` ties the steps together.
"""
