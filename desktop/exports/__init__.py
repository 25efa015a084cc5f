"""Exports of project data to other tools (JSON, CSV, Markdown, brat)."""
