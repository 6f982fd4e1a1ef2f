"""Services that change participant data. Each runs in a transaction and writes an audit event."""
