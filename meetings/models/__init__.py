"""The meetings app's models: cadence, meetings and their history, deviations, the reminder outbox,
in-app notifications and their preferences, and personal calendar feeds."""

from meetings.models.meetings import CadenceRule, Deviation, Meeting, MeetingChange, MeetingType
from meetings.models.reminders import CalendarFeed, Notification, NotificationPreference, Reminder

__all__ = [
    "CadenceRule",
    "CalendarFeed",
    "Deviation",
    "Meeting",
    "MeetingChange",
    "MeetingType",
    "Notification",
    "NotificationPreference",
    "Reminder",
]
