"""Offline assist (Qt-free): entity, claim and implication suggestions, alias grouping and extractive summaries."""
