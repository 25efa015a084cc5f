"""Read queries: plain frozen rows for the tables, reader, brief, CLI and exports."""
