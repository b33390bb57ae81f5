"""velvoite: checks the statutory HYTE and cooperation duties of Finnish municipalities and
wellbeing services counties, as of any date, with the legal reason."""

__version__ = "0.1.0"

__all__ = ["__version__"]
