"""Services that change intake data. Each runs in one transaction and writes an audit event.

Audit events carry ids and codes, never names or free text about a person (the audit log is
read more widely than the records themselves); the free text stays in the record.
"""
