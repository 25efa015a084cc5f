"""The PDF brief: options, one-read data loading, layout with ReportLab platypus, and the build."""
