"""Helpers of bench/run: lab control, tool command lines, output parsers, report tables."""
