"""Reception: heads' schedules, the public calendar, the reception log and compliance."""
