/**
 * VTIMEZONE blocks for the zones plansyklus serves. Both follow the EU rules since 1996
 * (summer time from the last Sunday of March to the last Sunday of October), which is
 * what calendar clients expect to see. An invite carries its zone's block (activities/invite.ts).
 */
const centralEuropean = (zone: string) =>
  [
    'BEGIN:VTIMEZONE',
    `TZID:${zone}`,
    `X-LIC-LOCATION:${zone}`,
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ].join('\r\n');

const supported = new Set(['Europe/Oslo', 'Europe/Copenhagen']);

export function vtimezone(zone: string): string | null {
  return supported.has(zone) ? centralEuropean(zone) : null;
}
