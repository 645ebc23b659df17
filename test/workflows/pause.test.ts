import { pauseUpdate, resumeUpdate, statusQuery } from '../../domain/delta/messages';
import { deltaCollaboration } from '../../workflows';
import { minute, readMails } from '../helpers/mail';
import { deltaInput, rejection, useTimeline } from '../helpers/timeline';

// Paused for exactly 30 days right after the planning meeting of 27 March 2040.
const id = 'delta-0004-2040';
const input = deltaInput('0004', { planningStartSeminar: { start: '2040-03-27T10:00' } });
const t = useTimeline('pause');
const { sleepUntil } = t;
const handle = () => t.env.client.workflow.getHandle(id);

test('no mail while paused; the referat chase moves on by the paused time; missed reminders are dropped', async () => {
  await sleepUntil('2040-03-01T07:00:00Z');
  await t.env.client.workflow.start(deltaCollaboration, { taskQueue: 'pause', workflowId: id, args: [input] });

  await sleepUntil('2040-03-28T12:00:00Z');
  expect(await rejection(handle().executeUpdate(resumeUpdate))).toMatch(/ikke satt på pause/);
  const paused = await handle().executeUpdate(pauseUpdate);
  expect(paused.pausedAt?.slice(0, 16)).toBe('2040-03-28T12:00');
  expect(paused.meetings[0].referatDue).toBe('2040-04-06');
  expect(await rejection(handle().executeUpdate(pauseUpdate))).toMatch(/allerede satt på pause/);

  await sleepUntil('2040-04-27T12:00:00Z');
  const resumed = await handle().executeUpdate(resumeUpdate);
  expect(resumed.pausedAt).toBeUndefined();
  expect(resumed.meetings[0].referatDue).toBe('2040-05-04'); // 30 days on: 26 April + 5 working days over 1 May

  await sleepUntil('2040-05-10T12:00:00Z');
  const mails = (await readMails(t.sink.mails)).map((m) => `${minute(m.date)} ${m.kind} ${m.key.split('/')[1]} → ${m.to.join(',')}`);
  expect(mails.sort()).toEqual([
    '2040-03-13T08:00 invitation planningStartSeminar → kari@kommune.test',
    '2040-03-13T08:00 invitation planningStartSeminar → per@kommune.test',
    '2040-03-23T08:00 meetingReminder planningStartSeminar → kari@kommune.test',
    '2040-03-23T08:00 meetingReminder planningStartSeminar → per@kommune.test',
    '2040-03-27T10:00 referatRequest planningStartSeminar → kari@kommune.test',
    // paused 28 March – 27 April: the start seminar's invitation (due 6 April) waits for the resume,
    // its reminder of 27 April 09:00 is dropped, and the chase of the referat moves 30 days on
    '2040-04-27T12:00 invitation startSeminar → kari@kommune.test',
    '2040-04-27T12:00 invitation startSeminar → per@kommune.test',
    '2040-05-02T07:00 referatReminder planningStartSeminar → kari@kommune.test',
    '2040-05-04T07:00 meetingReminder startSeminar → kari@kommune.test',
    '2040-05-04T07:00 meetingReminder startSeminar → per@kommune.test',
    // the start seminar ends 7 May 15:00: the municipality is asked to choose its focus areas
    '2040-05-07T13:00 deliverableRequest focusAreas → kari@kommune.test',
    '2040-05-07T13:00 leaderSummary held.startSeminar → per@kommune.test',
    '2040-05-09T07:00 referatEscalation planningStartSeminar → per@kommune.test',
  ]);
  const status = await handle().query(statusQuery);
  expect(status.sent).toHaveLength(9);
});
