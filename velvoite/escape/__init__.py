"""Escaping text from records for each format it reaches, one module per format.

    terminal   control and escape sequences shown as ``\\x1b`` (messages, the audit table)
    markdown   ``< > [ ] ! | \\ ` * _`` and line breaks (the audit and report Markdown)
    ical       line breaks of every kind as ``\\n``, other control characters removed (iCalendar TEXT)
    sheet      formula prefixes kept text, characters XML cannot hold shown as ``\\x01`` (CSV, XLSX)

HTML is escaped by jinja2's autoescape. Record text is already refused at the input if it holds
control characters (``records.text``); these modules are the second wall, for text from
configuration, rule packs and anything that bypassed the loader.
"""
