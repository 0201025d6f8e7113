"""Trade documents from one source of truth: the trading house's legal identity (one admin
setting) and one PDF module that renders the proforma invoice, the order invoice, and for an
export consignment the commercial invoice, the packing list and the certificate-of-origin data
sheet, all with the fonts shipped in ``static/fonts/``.

This area sits above ``orders`` and ``inquiries`` (it reads their models to print them); they
import it only from their views, which are edges.
"""
