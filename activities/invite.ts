import ical, { ICalAlarmType, ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { DateTime } from 'luxon';
import type { CalendarRequest } from '../domain/mail';
import { vtimezone } from '../domain/vtimezone';
import { hourlyZone } from '../domain/zone';

// The generator asks for the zone's VTIMEZONE on every invite; the block never changes.
const vtimezones = new Map<string, string | null>();
function cachedVtimezone(zone: string): string | null {
  let block = vtimezones.get(zone);
  if (block === undefined) vtimezones.set(zone, (block = vtimezone(zone)));
  return block;
}

/** An instant as a Luxon time in `zone` (whose offsets are remembered: domain/zone.ts). */
const inZone = (iso: string, zone: string): DateTime => DateTime.fromISO(iso, { zone: hourlyZone(zone) });

/**
 * The iCalendar part of an invitation. The zone is set on the event, not the calendar, so
 * DTSTAMP stays in UTC as Outlook requires; VTIMEZONE comes from the generator. Start and end
 * go in as Luxon instants: ical-generator writes a native Date's wall time in the process's
 * own zone under the event's TZID, which is only right when the process runs in that zone.
 */
export function buildInvite(req: CalendarRequest, stamp: Date): string {
  const calendar = ical({
    prodId: { company: 'plansyklus', product: 'plansyklus', language: 'NB' },
    method: req.method === 'CANCEL' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
    timezone: { name: null, generator: cachedVtimezone },
  });
  calendar.createEvent({
    id: req.uid,
    sequence: req.sequence,
    stamp,
    start: inZone(req.start, req.zone),
    end: inZone(req.end, req.zone),
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
