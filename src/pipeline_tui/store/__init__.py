"""The only code that touches SQL: engine, tables, migrations and queries."""
