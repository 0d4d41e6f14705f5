"""Writing plans and the rows they are made of: no other package writes a plan, section, task or task unit."""
