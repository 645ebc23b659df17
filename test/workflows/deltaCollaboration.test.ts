import { WorkflowUpdateFailedError } from '@temporalio/client';
import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { registerReferatUpdate, statusQuery } from '../../domain/delta/messages';
import { deltaCollaboration } from '../../workflows';
import { minute, readMails, type SeenMail } from '../helpers/mail';
import { deltaInput, useTimeline } from '../helpers/timeline';

// Two collaborations on one time-skipping timeline, agreed on 1 March 2040. That spring has
// the summer-time change (25 March) and Easter (29 March – 2 April) right after the planning
// meeting, so every expected instant below was worked out by hand from the calendar.
const input = (number: string) => deltaInput(number, { planningStartSeminar: { start: '2040-03-27T10:00', location: 'Rådhuset' } });
const t = useTimeline('delta-timeskip');
const { sleepUntil, taskQueue } = t;
const mailsOf = async (workflowId: string): Promise<SeenMail[]> =>
  (await readMails(t.sink.mails)).filter((m) => m.key.startsWith(`${workflowId}/`));
const summary = (m: SeenMail) => `${minute(m.date)} ${m.kind} ${m.key.split('/')[1]} → ${m.to.join(',')}`;

const late = 'delta-0001-2040'; // nobody sends the referat: reminder, then escalation
const prompt = 'delta-0002-2040'; // the referat arrives after the reminder

describe('DelTa collaboration on the time-skipping server', () => {
  test('starts both collaborations on the agreement day', async () => {
    await sleepUntil('2040-03-01T07:00:00Z');
    for (const [id, number] of [[late, '0001'], [prompt, '0002']]) {
      await t.env.client.workflow.start(deltaCollaboration, { taskQueue, workflowId: id, args: [input(number)] });
    }
    const status = await t.env.client.workflow.getHandle(late).query(statusQuery);
    expect(status.phase).toBe('planningStartSeminar');
    expect(status.nextStep).toEqual({ what: 'invitation', subject: 'planningStartSeminar', at: '2040-03-13T08:00:00.000Z' });
  });

  test('a referat cannot be registered before the meeting is held, and nothing changes', async () => {
    await sleepUntil('2040-03-20T12:00:00Z');
    const handle = t.env.client.workflow.getHandle(prompt);
    const before = await handle.query(statusQuery);
    const err = await handle
      .executeUpdate(registerReferatUpdate, { args: [{ meeting: 'planningStartSeminar', text: 'Referat' }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((err as WorkflowUpdateFailedError).cause?.message).toMatch(/ikke holdt/);
    expect(await handle.query(statusQuery)).toEqual(before);
  });

  test('invalid referat updates are rejected with the field named; a valid one stops the chasing', async () => {
    await sleepUntil('2040-04-05T10:00:00Z'); // after the reminder (4 April), before the escalation (11 April)
    const handle = t.env.client.workflow.getHandle(prompt);
    const before = await handle.query(statusQuery);
    const rejected = async (args: { meeting: string; text: string }) => {
      const e = await handle.executeUpdate(registerReferatUpdate, { args: [args] }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(WorkflowUpdateFailedError);
      return (e as WorkflowUpdateFailedError).cause?.message ?? '';
    };
    expect(await rejected({ meeting: 'planningStartSeminar', text: '   ' })).toMatch(/^text: referatet er tomt/);
    expect(await rejected({ meeting: 'nosuch', text: 'x' })).toMatch(/^meeting: ukjent møte/);
    expect(await rejected({ meeting: 'startSeminar', text: 'x' })).toMatch(/^meeting: det skrives ikke referat/);
    expect(await handle.query(statusQuery)).toEqual(before);

    const result = await handle.executeUpdate(registerReferatUpdate, {
      args: [{ meeting: 'planningStartSeminar', text: 'Vi ble enige om å holde seminaret i mai.' }],
    });
    expect(result.state).toBe('referatRegistered');
    expect(await rejected({ meeting: 'planningStartSeminar', text: 'igjen' })).toMatch(/allerede registrert/);
  });

  test('the whole slice runs to the end of the two years in seconds (its last timer runs over 600 days)', async () => {
    const startedAt = await t.env.currentTimeMs();
    const final = await t.env.client.workflow.getHandle(late).result();
    expect((await t.env.currentTimeMs()) - startedAt).toBeGreaterThan(600 * 24 * 3600 * 1000);
    expect(final.phase).toBe('ended');
    expect(final.endsOn).toBe('2042-03-01');
    // Two years in one run stays far from Temporal's limits (no continue-as-new needed yet).
    const history = await t.env.client.workflow.getHandle(late).fetchHistory();
    expect(history.events?.length).toBeLessThan(300);
  }, 30_000);

  test('who got which mail when: late referat → reminder → escalation to the leader', async () => {
    const mails = await mailsOf(late);
    expect(mails.map(summary).sort()).toEqual([
      '2040-03-13T08:00 invitation planningStartSeminar → kari@kommune.test',
      '2040-03-13T08:00 invitation planningStartSeminar → per@kommune.test',
      '2040-03-23T08:00 meetingReminder planningStartSeminar → kari@kommune.test',
      '2040-03-23T08:00 meetingReminder planningStartSeminar → per@kommune.test',
      '2040-03-27T10:00 referatRequest planningStartSeminar → kari@kommune.test',
      '2040-04-04T07:00 referatReminder planningStartSeminar → kari@kommune.test',
      '2040-04-06T07:00 invitation startSeminar → kari@kommune.test',
      '2040-04-06T07:00 invitation startSeminar → per@kommune.test',
      '2040-04-11T07:00 referatEscalation planningStartSeminar → per@kommune.test',
      '2040-04-27T07:00 meetingReminder startSeminar → kari@kommune.test',
      '2040-04-27T07:00 meetingReminder startSeminar → per@kommune.test',
      '2040-05-04T07:00 meetingReminder startSeminar → kari@kommune.test',
      '2040-05-04T07:00 meetingReminder startSeminar → per@kommune.test',
      // Nobody chooses the focus areas (due Thursday 24 May, 10 working days over Ascension,
      // 17 May and Whit Monday): reminders, escalation, and at the end of the two years
      // (Saturday 1 March 2042) the closing summary on the next working morning.
      '2040-05-07T13:00 deliverableRequest focusAreas → kari@kommune.test',
      '2040-05-07T13:00 leaderSummary held.startSeminar → per@kommune.test',
      '2040-05-22T07:00 deliverableReminder focusAreas → kari@kommune.test',
      '2040-05-28T07:00 deliverableReminder focusAreas → kari@kommune.test',
      '2040-05-31T07:00 deliverableEscalation focusAreas → per@kommune.test',
      '2042-03-03T08:00 closingSummary end → per@kommune.test',
    ].sort());
    // The arrival order is the time order too.
    expect(mails.map((m) => m.date.getTime())).toEqual([...mails.map((m) => m.date.getTime())].sort((a, b) => a - b));

    const escalation = mails.find((m) => m.kind === 'referatEscalation')!;
    expect(escalation.cc).toEqual(['ingrid@korus.test']);
    expect(escalation.replyTo).toEqual(['ingrid@korus.test']);
    expect(escalation.text).toContain('fredag 6. april 2040'); // the missed deadline: 5 working days over Easter
    expect(escalation.text).toContain('Kari Nordmann');

    const request = mails.find((m) => m.kind === 'referatRequest')!;
    expect(request.subject).toBe('Referat fra Planleggingsmøte om oppstartseminaret – frist fredag 6. april 2040');

    const invitation = mails.find((m) => m.kind === 'invitation' && m.key.includes('/startSeminar/'))!;
    expect(invitation.subject).toBe('Invitasjon: Oppstartseminar mandag 7. mai 2040 kl. 09.30');
    const event = Object.values(invitation.calendar!.parsed).find((c) => c?.type === 'VEVENT')!;
    expect(event.type === 'VEVENT' && event.uid).toBe(`${late}.startSeminar@plansyklus`);
  });

  test('a registered referat stops the chasing: no escalation', async () => {
    const mails = await mailsOf(prompt);
    expect(mails.filter((m) => m.kind.startsWith('referat')).map(summary)).toEqual([
      '2040-03-27T10:00 referatRequest planningStartSeminar → kari@kommune.test',
      '2040-04-04T07:00 referatReminder planningStartSeminar → kari@kommune.test',
    ]);
    const status = await t.env.client.workflow.getHandle(prompt).query(statusQuery);
    const planning = status.meetings.find((m) => m.key === 'planningStartSeminar')!;
    expect(planning.state).toBe('referatRegistered');
    expect(planning.referatRegisteredAt?.slice(0, 16)).toBe('2040-04-05T10:00');
  });

  test('no mail is ever dated on a weekend or a Norwegian public holiday', async () => {
    const holidays = new Holidays('NO');
    const mails = await readMails(t.sink.mails);
    expect(mails.length).toBeGreaterThan(20);
    for (const m of mails) {
      const local = DateTime.fromJSDate(m.date).setZone('Europe/Oslo');
      expect({ key: m.key, weekday: local.weekday <= 5 }).toEqual({ key: m.key, weekday: true });
      const holiday = (holidays.isHoliday(local.toJSDate()) || []).filter((h) => h.type === 'public');
      expect({ key: m.key, holiday }).toEqual({ key: m.key, holiday: [] });
    }
  });

  test('the status lists every mail sent, by role, never by name', async () => {
    const status = await t.env.client.workflow.getHandle(late).query(statusQuery);
    // In time order; steps due at the same moment send side by side, so among those by name.
    const sent = status.sent.map((s) => ({ at: s.at, line: `${s.kind}:${s.subject}:${s.to.join('+')}` }));
    sent.sort((a, b) => a.at.localeCompare(b.at) || a.line.localeCompare(b.line));
    expect(sent.map((s) => s.line)).toEqual([
      'invitation:planningStartSeminar:contact+leader',
      'meetingReminder:planningStartSeminar:contact+leader',
      'referatRequest:planningStartSeminar:contact',
      'referatReminder:planningStartSeminar:contact',
      'invitation:startSeminar:contact+leader',
      'referatEscalation:planningStartSeminar:leader',
      'meetingReminder:startSeminar:contact+leader',
      'meetingReminder:startSeminar:contact+leader',
      'deliverableRequest:focusAreas:contact',
      'leaderSummary:held.startSeminar:leader',
      'deliverableReminder:focusAreas:contact',
      'deliverableReminder:focusAreas:contact',
      'deliverableEscalation:focusAreas:leader',
      'closingSummary:end:leader',
    ]);
    expect(JSON.stringify(status)).not.toMatch(/kari|per@|ingrid|Nordmann|Hansen/i);
  });
});
