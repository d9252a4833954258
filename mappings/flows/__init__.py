"""The sales-document and auxiliary jobs of the Dynamics 365 Sales integration (sales_flows §1-§8).

Each module is one flow: legacy orders, bidirectional orders, archived orders, quotes, posted invoices, notes,
order status, item availability, customer statistics, product rules and the unit group switch. ``jobs.py`` maps the
codeunit job queue codes to the flow that runs them.
"""
