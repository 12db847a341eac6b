"""Administrative units: the tree of province, departments, districts, communes and offices."""
