"""The one Word writer of the house: the council document, the compliance report and the redline.

package   the template opened (python-docx reads and saves the package and manages its parts),
          the body, hyperlink relationships, the page frame; deterministic zip
styles    style ids by name, resolved once per document; styles the template lacks are added
elements  WordprocessingML built directly with lxml: paragraphs, runs, hyperlinks, fields, tables;
          text is cleaned of characters XML cannot hold here, where it enters the XML
parts     core properties, language, settings, running header and footer
council   the council document's layout elements as body elements
writer    the council document: `render_docx`, `render_document` (with each element's span)
redline   tracked changes between two rendered documents (`planctl diff --format docx`)
"""
