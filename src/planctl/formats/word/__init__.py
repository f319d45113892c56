"""The one Word writer of the house: the council document, the compliance report and the redline.

opc       the package: parts, relationships and content types read from the template's zip and
          written back as a deterministic zip, by python-docx's rules (byte for byte what python-docx
          wrote) without importing python-docx (~35 ms of every build's start-up)
image     a picture's type, pixel size and resolution from its header
package   the template opened (sanitised, limits checked), the body, hyperlink relationships, pictures,
          the page frame
styles    style ids by name, resolved once per document; styles the template lacks are added
elements  WordprocessingML built directly with lxml: paragraphs, runs, hyperlinks, fields, tables;
          text is cleaned of characters XML cannot hold here, where it enters the XML
parts     core properties, language, settings, running header and footer
council   the council document's layout elements as body elements
writer    the council document: `render_docx`, `render_document`; `render_frozen` (each element's blocks
          kept as bytes, `frozen`) for the tracked-change document and for a large document
redline   tracked changes between two rendered documents (`planctl diff --format docx`)
"""
