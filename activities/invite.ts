import { CRLF, fold, param, text, utc } from '../domain/icalendar';
import type { CalendarRequest } from '../domain/mail';
import { Memo } from '../domain/memo';
import type { Person } from '../domain/people';
import { vtimezone } from '../domain/vtimezone';
import { wallClock } from '../domain/zone';

// Every invite in a zone carries the same VTIMEZONE block: written once per zone.
const vtimezones = new Memo<string | null>(100);

/** An instant as wall time in `zone`, e.g. 20261203T100000 (offsets remembered: domain/zone.ts). */
const wallTime = (iso: string, zone: string): string => utc(wallClock(Date.parse(iso), zone)).slice(0, -1);

/** How ORGANIZER and ATTENDEE write a person: the name (CN), then the address. */
const calAddress = (person: Person) => `CN=${param(person.name)}:mailto:${person.email}`;

/**
 * The iCalendar part of an invitation or a cancellation (iTIP, RFC 5546): METHOD as in the
 * MIME part, start and end as wall time under the zone's VTIMEZONE, DTSTAMP in UTC as Outlook
 * requires, the organizer and every attendee by name and address; an invitation asks each
 * attendee to answer and carries a reminder an hour before.
 */
export function buildInvite(req: CalendarRequest, stamp: Date): string {
  const invitation = req.method === 'REQUEST';
  const event = [
    'BEGIN:VEVENT',
    `UID:${text(req.uid)}`,
    `SEQUENCE:${req.sequence}`,
    `DTSTAMP:${utc(stamp)}`,
    `DTSTART;TZID=${req.zone}:${wallTime(req.start, req.zone)}`,
    `DTEND;TZID=${req.zone}:${wallTime(req.end, req.zone)}`,
    `SUMMARY:${text(req.summary)}`,
  ];
  if (req.description) event.push(`DESCRIPTION:${text(req.description)}`);
  if (req.location) event.push(`LOCATION:${text(req.location)}`);
  event.push(`STATUS:${invitation ? 'CONFIRMED' : 'CANCELLED'}`, `ORGANIZER;${calAddress(req.organizer)}`);
  for (const person of req.attendees) {
    event.push(`ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION${invitation ? ';RSVP=TRUE' : ''};${calAddress(person)}`);
  }
  if (invitation) {
    event.push('BEGIN:VALARM', 'ACTION:DISPLAY', 'TRIGGER:-PT1H', `DESCRIPTION:${text(req.summary)}`, 'END:VALARM');
  }
  event.push('END:VEVENT');
  const zone = vtimezones.get(req.zone, () => vtimezone(req.zone));
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//plansyklus//plansyklus//NB',
    `METHOD:${req.method}`,
    ...(zone ? [zone] : []),
    ...event.map(fold),
    'END:VCALENDAR',
    '',
  ].join(CRLF);
}
