"""Services that change agreements and their costs (each in one transaction, with history and audit)."""
