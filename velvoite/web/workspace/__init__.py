"""The Django app of the database workspace: stored records, their history, members and roles."""
