import { changeContactsUpdate, statusQuery } from '../../domain/delta/messages';
import { deltaCollaboration } from '../../workflows';
import { readMails } from '../helpers/mail';
import { deltaInput, people, rejection, useTimeline } from '../helpers/timeline';

// The leader's mailbox refuses mail for good: the contact person still gets hers, the
// status names the failed delivery by role, and the collaboration goes on.
const t = useTimeline('delivery', { rejectRecipients: [people.leader.email] });

test('a mail refused for good is recorded as failed, and the rest goes on', async () => {
  await t.sleepUntil('2040-03-01T07:00:00Z');
  const id = 'delta-0005-2040';
  const input = deltaInput('0005', { planningStartSeminar: { start: '2040-03-27T10:00' } });
  await t.env.client.workflow.start(deltaCollaboration, { taskQueue: t.taskQueue, workflowId: id, args: [input] });
  await t.sleepUntil('2040-03-14T12:00:00Z');

  const mails = await readMails(t.sink.mails);
  expect(mails.map((m) => `${m.kind} → ${m.to.join(',')}`).sort()).toEqual(['deliveryFailed → ingrid@korus.test', 'invitation → kari@kommune.test']);
  // The adviser is told which address refused the invitation.
  const notice = mails.find((m) => m.kind === 'deliveryFailed')!;
  expect(notice.subject).toBe('E-post kom ikke fram: Planleggingsmøte om oppstartseminaret til Per Hansen');
  expect(notice.text).toContain('Sjekk adressen per@kommune.test');
  const status = await t.env.client.workflow.getHandle(id).query(statusQuery);
  expect(status.sent.map((r) => `${r.kind}:${r.to.join('+')}`)).toEqual(['invitation:contact']);
  expect(status.failed.map((r) => `${r.kind}:${r.to.join('+')}`)).toEqual(['invitation:leader']);
  expect(status.meetings[0].state).toBe('invited');
});

test('after a change of contacts, the next mail goes to the new leader; a bad change is refused', async () => {
  const handle = t.env.client.workflow.getHandle('delta-0005-2040');
  expect(await rejection(handle.executeUpdate(changeContactsUpdate, { args: [{ leader: { name: 'Ny', email: 'ny@' } }] }))).toMatch(
    /^leader\.email: må være en e-postadresse/,
  );
  expect(await rejection(handle.executeUpdate(changeContactsUpdate, { args: [{}] }))).toMatch(/minst én/);
  await handle.executeUpdate(changeContactsUpdate, { args: [{ leader: { name: 'Nina Leder', email: 'nina@kommune.test' } }] });
  await t.sleepUntil('2040-03-24T12:00:00Z');
  const reminders = (await readMails(t.sink.mails)).filter((m) => m.kind === 'meetingReminder');
  expect(reminders.map((m) => m.to[0]).sort()).toEqual(['kari@kommune.test', 'nina@kommune.test']);
  expect(reminders.find((m) => m.to[0] === 'nina@kommune.test')!.text).toContain('Hei Nina Leder,');
});
