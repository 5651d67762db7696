"""Loads product rows from a CSV export."""
import csv


def load(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))
