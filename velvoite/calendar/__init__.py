"""Calendar export: coming deadlines as iCalendar files and an HTTP feed."""

from velvoite.calendar.ics import CalendarExport, Previous, dated, uid

__all__ = ["CalendarExport", "Previous", "dated", "uid"]
