"""Personal data: retention and anonymisation, the data subject's requests, records of access."""
