import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Incident } from '@shared/proctor.ts';
import { describeStores } from '../../helpers/stores.ts';
import { emit, TestExam, unwrap } from '../../helpers/test-exam.ts';

await describeStores('a refused upload', (dialect) => {
let t: TestExam;
beforeEach(async () => {
  t = await TestExam.start({}, { skills: true, store: dialect });
});
afterEach(async () => {
  await t.close();
});

it('a refused screenshot upload reaches the proctor of the room as an incident', async () => {
  const proctor = await t.socket(await t.loginStaff('proctor'));
  unwrap(await emit(proctor, 'proctor:watch', { sittingId: t.exam.sittingId, room: '测试考场', sittingPartId: t.exam.skillsPartId }));
  const incident = new Promise<Incident>((resolve) => proctor.on('proctor:incident', (i) => i.kind === 'upload_refused' && resolve(i)));

  const cookie = await t.loginCandidate(0);
  const socket = await t.socket(cookie);
  const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.skillsPartId }));
  const task = view.items.find((i) => i.type === 'practical')!;
  const form = new FormData();
  form.append('file', new Blob([new TextEncoder().encode('<html><script>alert(1)</script></html>')], { type: 'image/png' }), 'shot.png');
  const res = await fetch(`${t.baseUrl}/api/candidate/sessions/${view.sessionId}/items/${task.id}/screenshots`, { method: 'POST', headers: { cookie }, body: form });
  expect(res.status).toBe(415);

  const raised = await incident;
  expect(raised.details).toMatchObject({ sessionId: view.sessionId, itemId: task.id });
  expect(await t.one("select count(*) as n from incidents where kind = 'upload_refused'")).toEqual({ n: 1 });
});
});
