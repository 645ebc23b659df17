import ical, { ICalAlarmType, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { CalendarRequest } from '../domain/mail';
import { vtimezone } from '../domain/vtimezone';

/**
 * The iCalendar part of an invitation. The zone is set on the event, not the calendar, so
 * DTSTAMP stays in UTC as Outlook requires; VTIMEZONE comes from the generator.
 */
export function buildInvite(req: CalendarRequest, stamp: Date): string {
  const calendar = ical({
    prodId: { company: 'plansyklus', product: 'plansyklus', language: 'NB' },
    method: req.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: null, generator: vtimezone },
  });
  calendar.createEvent({
    id: req.uid,
    sequence: req.sequence,
    stamp,
    start: new Date(req.start),
    end: new Date(req.end),
    timezone: req.zone,
    summary: req.summary,
    description: req.description,
    location: req.location ?? null,
    status: req.method === 'CANCEL' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: req.organizer.name, email: req.organizer.email },
    attendees: req.attendees.map((person) => ({
      name: person.name,
      email: person.email,
      role: ICalAttendeeRole.REQ,
      status: ICalAttendeeStatus.NEEDSACTION,
      rsvp: req.method === 'REQUEST',
    })),
    alarms: req.method === 'REQUEST' ? [{ type: ICalAlarmType.display, trigger: 60 * 60, description: req.summary }] : [],
  });
  return calendar.toString();
}
