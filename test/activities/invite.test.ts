import type ICALModule from 'ical.js' with { 'resolution-mode': 'import' };
import { buildInvite } from '../../activities/invite';
import type { CalendarRequest } from '../../domain/mail';

// A second, independent reader of the calendar part: ical.js, the parser of Mozilla's
// Thunderbird. The mail tests read it with node-ical; this one also decodes names as RFC 6868
// writes them and places wall times through the VTIMEZONE the part carries.
// ical.js is an ES module with a CommonJS build; these tests load the CommonJS one.
const ICAL: typeof ICALModule = require('ical.js');
const organizer = { name: 'Kari "KK" Nord^mann, leder', email: 'kari@overhalla.example' };
const attendee = { name: 'Ola; Åsen 🙂', email: 'ola@overhalla.example' };
const invite = (over: Partial<CalendarRequest> = {}): CalendarRequest => ({
  method: 'REQUEST',
  uid: 'delta-5047-2026.planningStartSeminar@plansyklus',
  sequence: 2,
  start: '2027-06-10T08:00:00.000Z',
  end: '2027-06-10T10:00:00.000Z',
  zone: 'Europe/Oslo',
  summary: 'Møte; «Namsen», rom 3\\B: "lunsj"',
  description: 'Velkommen\nHvem bør være med, og hvorfor?\n'.repeat(4),
  location: 'Rådhuset, sal 2',
  organizer,
  attendees: [attendee, organizer],
  ...over,
});

function read(raw: string) {
  const calendar = new ICAL.Component(ICAL.parse(raw));
  ICAL.TimezoneService.register(calendar.getFirstSubcomponent('vtimezone')!);
  const vevent = calendar.getFirstSubcomponent('vevent')!;
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

afterEach(() => ICAL.TimezoneService.reset());

test('Thunderbird\'s parser reads every value back as given, names with quotes and carets too', () => {
  const req = invite();
  const { calendar, vevent, event } = read(buildInvite(req, new Date('2027-06-01T08:00:00Z')));
  expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
  expect([event.uid, event.sequence, event.summary, event.description, event.location]).toEqual([req.uid, 2, req.summary, req.description, req.location]);
  expect(vevent.getFirstProperty('organizer')!.getParameter('cn')).toBe(organizer.name);
  const attendees = vevent.getAllProperties('attendee');
  expect(attendees.map((a) => [a.getParameter('cn'), a.getFirstValue(), a.getParameter('rsvp'), a.getParameter('partstat')])).toEqual([
    [attendee.name, `mailto:${attendee.email}`, 'TRUE', 'NEEDS-ACTION'],
    [organizer.name, `mailto:${organizer.email}`, 'TRUE', 'NEEDS-ACTION'],
  ]);
  expect(String(vevent.getFirstSubcomponent('valarm')!.getFirstPropertyValue('trigger'))).toBe('-PT1H');
  expect(String(vevent.getFirstPropertyValue('dtstamp'))).toBe('2027-06-01T08:00:00Z');
});

test.each([
  ['summer', '2027-06-10T08:00:00.000Z', '2027-06-10T10:00:00'],
  ['winter', '2027-12-02T08:30:00.000Z', '2027-12-02T09:30:00'],
])('in %s, the start is Oslo wall time under the VTIMEZONE, and the same instant', (_, start, wall) => {
  const { event } = read(buildInvite(invite({ start, end: start }), new Date(start)));
  expect(event.startDate.toString()).toBe(wall);
  expect(event.startDate.zone!.tzid).toBe('Europe/Oslo');
  expect(event.startDate.toJSDate().toISOString()).toBe(start);
});

test('a cancellation is read as one, with no alarm and no answer asked', () => {
  const { calendar, vevent, event } = read(buildInvite(invite({ method: 'CANCEL', sequence: 3 }), new Date('2027-06-05T08:00:00Z')));
  expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
  expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
  expect(event.sequence).toBe(3);
  expect(vevent.getAllSubcomponents('valarm')).toEqual([]);
  expect(vevent.getAllProperties('attendee').map((a) => a.getParameter('rsvp'))).toEqual([undefined, undefined]);
});
