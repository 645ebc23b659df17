import { cancelMeetingUpdate, scheduleMeetingUpdate, statusQuery } from '../../domain/delta/messages';
import { deltaCollaboration } from '../../workflows';
import { minute, readMails, type SeenMail } from '../helpers/mail';
import { deltaInput, rejection, useTimeline } from '../helpers/timeline';

// One planning meeting moved, cancelled and set up again, on a time-skipping timeline in spring 2040.
const id = 'delta-0003-2040';
const input = deltaInput('0003', { planningStartSeminar: { start: '2040-03-27T10:00', location: 'Rådhuset' } });
const t = useTimeline('meeting-changes');
const { sleepUntil } = t;
const handle = () => t.env.client.workflow.getHandle(id);
const schedule = (start: string, location?: string) =>
  handle().executeUpdate(scheduleMeetingUpdate, { args: [{ meeting: 'planningStartSeminar', start, location }] });
const cancel = (meeting = 'planningStartSeminar') => handle().executeUpdate(cancelMeetingUpdate, { args: [{ meeting }] });
const event = (m: SeenMail) => {
  const vevent = Object.values(m.calendar!.parsed).find((c) => c?.type === 'VEVENT');
  if (vevent?.type !== 'VEVENT') throw new Error('no VEVENT');
  return vevent;
};
const line = (m: SeenMail) => `${minute(m.date)} ${m.kind} → ${m.to.join(',')}`;

describe('rescheduling and cancelling a meeting', () => {
  let mails: SeenMail[];

  test('runs: invite, move, cancel, set up again, hold', async () => {
    await sleepUntil('2040-03-01T07:00:00Z');
    await t.env.client.workflow.start(deltaCollaboration, { taskQueue: 'meeting-changes', workflowId: id, args: [input] });

    await sleepUntil('2040-03-14T12:00:00Z'); // invited on 13 March
    const moved = await schedule('2040-04-10T13:00', 'Kulturhuset, sal 2');
    expect(moved).toMatchObject({ state: 'invited', sequence: 1, start: '2040-04-10T11:00:00.000Z', location: 'Kulturhuset, sal 2' });

    await sleepUntil('2040-04-04T12:00:00Z');
    const before = await handle().query(statusQuery);
    expect(await rejection(schedule('2040-04-14T10:00'))).toMatch(/^start: 2040-04-14 er ikke en arbeidsdag/);
    expect(await rejection(schedule('2040-04-02T10:00'))).toMatch(/^start: .*passert/);
    expect(await rejection(schedule('10. april'))).toMatch(/^start: /);
    expect(await rejection(cancel('nosuch'))).toMatch(/^meeting: ukjent møte/);
    expect(await handle().query(statusQuery)).toEqual(before);

    expect(await cancel()).toMatchObject({ state: 'cancelled', sequence: 2 });
    expect(await rejection(cancel())).toMatch(/allerede avlyst/);

    await sleepUntil('2040-04-12T12:00:00Z');
    expect(await schedule('2040-04-24T10:00')).toMatchObject({ state: 'invited', sequence: 3 });
    await sleepUntil('2040-04-25T12:00:00Z');
    const status = await handle().query(statusQuery);
    expect(status.meetings[0]).toMatchObject({ state: 'held', sequence: 3, location: 'Kulturhuset, sal 2' });
    mails = (await readMails(t.sink.mails)).filter((m) => m.key.startsWith(`${id}/planningStartSeminar/`));
  });

  test('everyone hears of every change at once, and reminders follow the meeting', () => {
    expect(mails.map(line).sort()).toEqual([
      '2040-03-13T08:00 invitation → kari@kommune.test',
      '2040-03-13T08:00 invitation → per@kommune.test',
      '2040-03-14T12:00 meetingChanged → kari@kommune.test',
      '2040-03-14T12:00 meetingChanged → per@kommune.test',
      // no reminder on 23 March (the old time) nor on 6 April (cancelled by then)
      '2040-04-04T12:00 meetingCancelled → kari@kommune.test',
      '2040-04-04T12:00 meetingCancelled → per@kommune.test',
      '2040-04-12T12:00 meetingChanged → kari@kommune.test',
      '2040-04-12T12:00 meetingChanged → per@kommune.test',
      '2040-04-20T07:00 meetingReminder → kari@kommune.test',
      '2040-04-20T07:00 meetingReminder → per@kommune.test',
      '2040-04-24T10:00 referatRequest → kari@kommune.test',
    ]);
  });

  test('calendar updates keep the UID, raise SEQUENCE and cancel with METHOD:CANCEL', () => {
    const calendarMails = mails.filter((m) => m.calendar && m.to[0] === 'kari@kommune.test');
    expect(calendarMails.map((m) => m.kind)).toEqual(['invitation', 'meetingChanged', 'meetingCancelled', 'meetingChanged']);
    expect(new Set(calendarMails.map((m) => event(m).uid))).toEqual(new Set([`${id}.planningStartSeminar@plansyklus`]));
    expect(calendarMails.map((m) => /^SEQUENCE:(\d+)/m.exec(m.calendar!.raw)?.[1])).toEqual(['0', '1', '2', '3']);
    expect(calendarMails.map((m) => /^METHOD:(\w+)/m.exec(m.calendar!.raw)?.[1])).toEqual(['REQUEST', 'REQUEST', 'CANCEL', 'REQUEST']);
    expect(calendarMails.map((m) => /method=(\w+)/i.exec(m.calendar!.contentType)?.[1])).toEqual(['REQUEST', 'REQUEST', 'CANCEL', 'REQUEST']);
    expect(event(calendarMails[1]).start.toISOString()).toBe('2040-04-10T11:00:00.000Z');
    expect(calendarMails[2].calendar!.raw).toMatch(/^STATUS:CANCELLED/m);
    expect(calendarMails[1].subject).toBe('Endret: Planleggingsmøte om oppstartseminaret er nå tirsdag 10. april 2040 kl. 13.00');
    expect(calendarMails[2].subject).toBe('Avlyst: Planleggingsmøte om oppstartseminaret tirsdag 10. april 2040 kl. 13.00');
  });
});
