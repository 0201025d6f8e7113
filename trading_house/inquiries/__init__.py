"""Buyer inquiries, buying requests (RFQs), message threads, quotations, pools and samples."""
