"""Annual reporting: the inspection-sector forms, the annual report, consolidation, exports."""
