"""Lead returns: a workbook per lead of their live milestones, open board actions and
measures (``make``), read back safely as saved by Excel or LibreOffice, or as a Markdown
form (``read``), turned into the ordinary edits as one reviewed change (``apply``), and
the list of leads to chase (``missing``).

Leads are council and NHS officers who work in spreadsheets, not git; a return is how
their updates reach the repository without anyone retyping them.
"""
