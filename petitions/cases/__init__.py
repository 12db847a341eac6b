"""Cases: petitions from intake to conclusion, with deadlines and an append-only history."""
