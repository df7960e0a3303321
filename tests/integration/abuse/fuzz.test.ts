import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ClientToServerEvents } from '@shared/events.ts';
import type { RouteEntry } from '../../../server/src/features/auth/access.ts';
import { emit, fixture, TestExam, unwrap, type ClientSocket } from '../../helpers/test-exam.ts';
import { expectTypedError, fillPath, mintSession, paramNames, raw, snapshot, stillLoggedIn, type RawResponse } from './abuse-helpers.ts';
import { describeStores } from '../../helpers/stores.ts';

// Walks every route of the table, which grows with every feature: give it room on a loaded machine.
const ROUTE_WALK_TIMEOUT_MS = 240_000;
// Each request, and each snapshot of every table, is a round trip per statement to PostgreSQL: the walk takes longer there.
const PG_ROUTE_WALK_TIMEOUT_MS = 3 * ROUTE_WALK_TIMEOUT_MS;

/**
 * Hostile input on every route of the route table and every socket event, as an administrator and
 * as a candidate: every refusal is a typed 4xx `{ error: { code, message } }`, nothing is a 5xx,
 * the server keeps answering, and no table changes (auth sessions and login audit rows aside).
 */

const MB = 1024 * 1024;
const JSON_CT = { 'content-type': 'application/json' };

/** Values put in place of each path param (already URL-encoded where needed). */
const PARAM_VALUES = [
  '-1',
  '0',
  '-0',
  '1e309',
  '1.5',
  'NaN',
  'Infinity',
  'abc',
  '..%2F..%2Fetc%2Fpasswd',
  '../../etc/passwd',
  '%00',
  '1%00',
  '%2e%2e',
  // Fastify's maxParamLength is 100: longer params and undecodable escapes are in PRE_ROUTER below.
  '9'.repeat(100),
  "'%20OR%201=1--",
  '__proto__',
  'constructor',
  '%F0%9F%92%A9',
  '%C3%A9',
  '1;DROP%20TABLE%20users',
];

/** Query strings appended to the route's own (long ones stay under Node's 16 KB header limit). */
const QUERY_VALUES = [
  `q=${'a'.repeat(10_000)}`,
  Array.from({ length: 1000 }, (_, i) => `p${i}=1`).join('&'),
  '__proto__[role]=admin',
  '__proto__=1',
  'constructor[prototype][role]=admin',
  'q=a&q=b',
  'page=1e309',
  'page=-1',
  'pageSize=99999999',
  'level=__proto__',
  'type=%00',
  'q=%ff%fe',
  'q=%25%5F%27%22%3B--',
  'fileName=..%2F..%2Fetc%2Fpasswd&format=native',
  'levels=9',
  'levels=4,__proto__',
  'idPrefix=..%2F..%2Fx',
  'difficulty=NaN',
  'format=exe',
];

const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

/** JSON bodies (sent as application/json) for every route that takes a body. */
const BODIES: [string, string | Buffer][] = [
  ['null', 'null'],
  ['an array', '[]'],
  ['a string', '"admin"'],
  ['a number', '123'],
  ['true', 'true'],
  ['an empty object', '{}'],
  ['wrong types', JSON.stringify({ ticketNo: 5, password: ['x'], username: { a: 1 }, bankId: '1', blueprint: 'l4-theory', seed: 42, level: '4' })],
  ['extra keys', JSON.stringify({ ticketNo: 'T0001', password: 'wrong', role: 'admin', isAdmin: true })],
  ['a string just under 1 MB', JSON.stringify({ ticketNo: 'a'.repeat(MB - 100), password: 'x' })],
  ['a string over 1 MB', JSON.stringify({ username: 'a'.repeat(MB), password: 'x' })],
  ['a huge array of strings', JSON.stringify({ ticketNo: Array(100_000).fill('a'), password: 'x' })],
  ['a blueprint with 20,000 sections', JSON.stringify({ bankId: 1, blueprint: { level: 4, sections: Array(20_000).fill({ type: 'single', count: 1, points: 1 }) } })],
  ['arrays nested 100,000 deep', deepArray(100_000)],
  ['objects nested 50,000 deep', deepObject(50_000)],
  ['a field nested 20,000 deep', `{"bankId":1,"blueprint":${deepObject(20_000)}}`],
  ['__proto__', '{"__proto__":{"role":"admin"},"ticketNo":"T0001","password":"x"}'],
  ['constructor.prototype', '{"constructor":{"prototype":{"role":"admin"}}}'],
  ['nested __proto__', '{"bankId":1,"blueprint":{"__proto__":{"level":4}}}'],
  ['Infinity as a number', '{"bankId":1e309,"blueprint":{}}'],
  ['an unsafe integer', '{"bankId":9007199254740993,"blueprint":{"level":4,"sections":[]}}'],
  ['invalid UTF-8 bytes', bytes('{"ticketNo":"', [0xff, 0xfe, 0xc3, 0x28], '","password":"', [0xc0, 0xaf, 0xed, 0xa0, 0x80], '"}')],
  ['invalid UTF-8 outside strings', bytes('{', [0xff, 0xff], '}')],
  ['a lone surrogate', '{"ticketNo":"\\ud800","password":"\\udfff"}'],
  ['a NUL byte', '{"username":"admin\\u0000","password":"x"}'],
  ['a byte-order mark', '\ufeff{}'],
  ['trailing garbage', '{}garbage'],
  ['two documents', '{"a":1}{"b":2}'],
  ['duplicate keys', '{"ticketNo":"T0001","ticketNo":{"$gt":""},"password":"pw-0001"}'],
  ['an operator object', '{"username":{"$ne":null},"password":{"$ne":null}}'],
  ['empty', ''],
];

/** The same small body under content types that are not JSON (or a JSON that is not ours). */
const CONTENT_TYPES = [
  'text/plain',
  'text/html',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
  'application/jsonx',
  'application/vnd.api+json',
  'application/json, text/plain',
  '',
];

/** Hostile files for the bank import (sent as application/octet-stream): all must be refused. */
const LOL = (n: number) => {
  let dtd = '<!ENTITY l0 "lol">';
  for (let i = 1; i <= n; i++) dtd += `<!ENTITY l${i} "${`&l${i - 1};`.repeat(10)}">`;
  return `<!DOCTYPE q [${dtd}]>`;
};
const IMPORT_FILES: [string, string, string | Buffer][] = [
  ['random bytes (1 MB)', 'fileName=x.bin', Buffer.from(Array.from({ length: MB }, (_, i) => (Math.imul(i, 2654435761) >>> 24) & 0xff))],
  ['invalid UTF-8 text', 'fileName=x.txt', bytes([0xff, 0xfe, 0xfd], '::a::b{=c ~d}', [0xc0, 0xaf])],
  ['a broken zip as XLSX', 'fileName=x.xlsx&format=xlsx', bytes('PK\u0003\u0004', [...Buffer.alloc(4000, 7)])],
  ['an external entity', 'fileName=x.xml&format=moodle-xml', '<?xml version="1.0"?><!DOCTYPE q [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz><question type="truefalse"><name><text>x</text></name><questiontext format="html"><text>&x;</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>'],
  ['XML nested 100,000 deep (QTI 3)', 'fileName=x.xml&format=qti30', `<qti-assessment-item>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</qti-assessment-item>`],
  ['XML nested 100,000 deep (Moodle)', 'fileName=x.xml&format=moodle-xml', `<quiz>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</quiz>`],
  ['a YAML alias bomb', 'fileName=x.yaml&format=native', ['a: &a [l,l,l,l,l,l,l,l,l]', ...'bcdefg'.split('').map((c, i) => `${c}: &${c} [${`*${'abcdefg'[i]},`.repeat(9)}]`), 'bank: *g'].join('\n')],
  ['a native bank named ../../etc/passwd', 'fileName=..%2F..%2Fetc%2Fpasswd&format=native', 'bank:\n  id: x\nitems: []\n'],
  ['a native bank with __proto__', 'fileName=x.yaml&format=native', 'bank:\n  __proto__: {id: x}\nitems:\n  - __proto__: {type: single}\n'],
  ['an empty file', 'fileName=x.txt', ''],
  ['a GIFT file of 100,000 braces', 'fileName=x.txt&format=gift', `::a::${'{'.repeat(100_000)}`],
  ['a CSV with 500,000 quotes', 'fileName=x.csv&format=csv', `题目,类型,答案\n${'"'.repeat(500_000)}`],
  ['QTI 2.1 with an entity bomb and no item', 'fileName=x.xml&format=qti21', `<?xml version="1.0"?>${LOL(8)}<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="a">&l8;</assessmentItem>`],
];

type Case = { name: string; method: string; path: string; headers: Record<string, string>; body?: string | Buffer };

await describeStores('hostile HTTP input on every route', (dialect) => {
  let t: TestExam;
  let bankId: number;
  let bankItemId: number;
  const cookies: Record<'admin' | 'candidate', string> = { admin: '', candidate: '' };
  let totalCases = 0;

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    cookies.admin = await t.loginStaff('admin');
    cookies.candidate = await t.loginCandidate(0);
    const imported = await fetch(`${t.baseUrl}/api/admin/banks/import?fileName=small-bank.yaml`, {
      method: 'POST',
      headers: { cookie: cookies.admin, 'content-type': 'application/octet-stream' },
      body: fs.readFileSync(fixture('small-bank.yaml')),
    });
    bankId = ((await imported.json()) as any).bank.id;
    bankItemId = ((await t.one('select min(id) as id from bank_items where bank_id = ?', [bankId])) as { id: number }).id;
    // A running session with an answer.
    const socket = await t.socket(cookies.candidate);
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    const item = view.items.find((i) => i.type === 'single')!;
    unwrap(await emit(socket, 'answer:save', { sessionId: view.sessionId, itemId: item.id, response: { choices: [item.options[0]!.id] }, flagged: false, changeId: 'x' }));
    socket.disconnect();
    // With that session running no release goes through, so a release sent by a fuzz case is a 409, not a change.
    for (const part of [t.exam.theoryPartId, t.exam.skillsPartId]) expect((await t.http('POST', `/api/admin/parts/${part}/release`, { cookie: cookies.admin })).status).toBe(409);
  });
  afterAll(async () => {
    await t?.close();
  });

  function baseParams(url: string): Record<string, string> {
    const segments = url.split('/');
    return Object.fromEntries(
      paramNames(url).map((name) => {
        const before = segments[segments.indexOf(`:${name}`) - 1];
        return [name, String(before === 'parts' ? t.exam.theoryPartId : before === 'banks' ? bankId : before === 'items' ? bankItemId : 1)];
      }),
    );
  }
  /** The query a route needs before its body is even looked at. */
  const baseQuery = (route: RouteEntry) => (route.url === '/api/admin/banks/import' ? 'fileName=fuzz.txt' : '');
  const withQuery = (path: string, ...qs: string[]) => {
    const q = qs.filter(Boolean).join('&');
    return q ? `${path}?${q}` : path;
  };

  function casesFor(route: RouteEntry, cookie: string): Case[] {
    const takesBody = route.method !== 'GET';
    const base = baseParams(route.url);
    const path = fillPath(route.url, base);
    const q = baseQuery(route);
    const auth = { cookie };
    const emptyBody = takesBody ? { headers: { ...auth, ...JSON_CT }, body: '{}' } : { headers: auth };
    const cases: Case[] = [];
    for (const name of paramNames(route.url)) {
      for (const v of PARAM_VALUES) cases.push({ name: `:${name}=${v.slice(0, 30)}`, method: route.method, path: withQuery(fillPath(route.url, { ...base, [name]: v }), q), ...emptyBody });
    }
    for (const extra of QUERY_VALUES) cases.push({ name: `?${extra.slice(0, 40)}`, method: route.method, path: withQuery(path, q, extra), ...emptyBody });
    if (takesBody) {
      for (const [name, body] of BODIES) cases.push({ name: `body ${name}`, method: route.method, path: withQuery(path, q), headers: { ...auth, ...JSON_CT }, body });
      for (const ct of CONTENT_TYPES) {
        const headers: Record<string, string> = ct ? { ...auth, 'content-type': ct } : { ...auth };
        cases.push({ name: `content-type "${ct}"`, method: route.method, path: withQuery(path, q), headers, body: '{"ticketNo":"T0001","password":"wrong"}' });
      }
    }
    if (route.url === '/api/admin/banks/import') {
      for (const [name, query, body] of IMPORT_FILES) cases.push({ name: `file ${name}`, method: route.method, path: withQuery(path, query), headers: { ...auth, 'content-type': 'application/octet-stream' }, body });
    }
    return cases;
  }

  /** A 2xx is fine where the input is ignored by design or nothing is stored; state is checked anyway. */
  function acceptable2xx(route: RouteEntry, res: RawResponse): boolean {
    if (route.method === 'GET') return true;
    if (route.url === '/api/auth/logout') return res.status === 204;
    // An import whose every item was refused answers with its report and no bank.
    if (route.url === '/api/admin/banks/import') return res.json?.bank === null;
    return false;
  }

  async function runBatch(route: RouteEntry, who: 'admin' | 'candidate') {
    const before = await snapshot(t);
    for (const c of casesFor(route, cookies[who])) {
      const res = await raw(t.baseUrl, c);
      const what = `${who} ${c.method} ${route.url} [${c.name}] -> ${res.status} ${res.text.slice(0, 200)}`;
      totalCases++;
      expect(res.status, what).toBeGreaterThanOrEqual(200);
      expect(res.status, what).toBeLessThan(500);
      if (res.status >= 300) {
        expect(res.status, what).toBeGreaterThanOrEqual(400);
        expectTypedError(res, what);
      } else {
        expect(acceptable2xx(route, res), what).toBe(true);
      }
      // Logging out with a hostile body still logs out: take a fresh session for the next case.
      if (route.url === '/api/auth/logout' && !(await stillLoggedIn(t, cookies[who]))) cookies[who] = await mintSession(t, who === 'admin' ? 'admin' : 'T0001');
    }
    const health = await t.http('GET', '/api/health');
    expect(health.status, `health after ${who} ${route.method} ${route.url}`).toBe(200);
    expect(await snapshot(t), `state after ${who} ${route.method} ${route.url}`).toEqual(before);
  }

  it('has routes to fuzz', () => {
    expect(t.app.routeTable.length).toBeGreaterThanOrEqual(16);
  });


  it('answers an administrator with typed 4xx errors on every route and changes nothing', async () => {
    for (const route of t.app.routeTable) await runBatch(route, 'admin');
  }, dialect === 'pg' ? PG_ROUTE_WALK_TIMEOUT_MS : ROUTE_WALK_TIMEOUT_MS);

  it('answers a candidate with typed 4xx errors on every route and changes nothing', async () => {
    for (const route of t.app.routeTable) await runBatch(route, 'candidate');
    expect(totalCases).toBeGreaterThan(800);
  }, dialect === 'pg' ? PG_ROUTE_WALK_TIMEOUT_MS : ROUTE_WALK_TIMEOUT_MS);

  /**
   * Inputs refused before the route is found, by Node's HTTP parser or Fastify's router: an escape
   * that does not decode to UTF-8, a path param over Fastify's maxParamLength (100), a request
   * line over Node's 16 KB header limit.
   */
  const preRouterCases = (): Case[] => {
    const cases: Case[] = [];
    for (const route of t.app.routeTable) {
      for (const name of paramNames(route.url)) {
        for (const who of ['admin', 'candidate'] as const) {
          for (const [label, v] of [
            ['an escape that is not UTF-8', '%ff%fe'],
            ['a truncated escape', '%E0%A4%A'],
            ['a param of 101 characters', '9'.repeat(101)],
          ] as [string, string][]) {
            const body = route.method === 'GET' ? {} : { body: '{}', headers: { cookie: cookies[who], ...JSON_CT } };
            cases.push({ name: `${who} ${route.method} ${route.url} :${name} = ${label}`, method: route.method, path: fillPath(route.url, { ...baseParams(route.url), [name]: v }), headers: { cookie: cookies[who] }, ...body });
          }
        }
      }
    }
    cases.push({ name: 'a URL of 64 KB', method: 'GET', path: `/api/admin/banks/${bankId}/items?q=${'a'.repeat(64 * 1024)}`, headers: { cookie: cookies.admin } });
    cases.push({ name: 'a URL of 1 MB', method: 'GET', path: `/api/auth/me?q=${'a'.repeat(MB)}`, headers: { cookie: cookies.candidate } });
    return cases;
  };

  it('refuses input the router cannot take with a 4xx, keeps serving and changes nothing', async () => {
    const before = await snapshot(t);
    const cases = preRouterCases();
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases) {
      const res = await raw(t.baseUrl, c);
      totalCases++;
      expect(res.status, `${c.name} -> ${res.status}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${c.name} -> ${res.status}`).toBeLessThan(500);
    }
    expect((await t.http('GET', '/api/health')).status).toBe(200);
    expect(await snapshot(t)).toEqual(before);
  }, dialect === 'pg' ? PG_ROUTE_WALK_TIMEOUT_MS : ROUTE_WALK_TIMEOUT_MS);

  // Errors raised before routing (Fastify's router, Node's HTTP parser) use the typed envelope too.
  it.each([
    ['an escape that is not UTF-8', (bank: number) => `/api/admin/banks/${bank}/items/%ff%fe`],
    ['a path param of 101 characters', () => `/api/admin/parts/${'9'.repeat(101)}/results`],
    ['a URL of 64 KB', (bank: number) => `/api/admin/banks/${bank}/items?q=${'a'.repeat(64 * 1024)}`],
  ] as const)('answers %s with the typed error envelope', async (name, path) => {
    expectTypedError(await raw(t.baseUrl, { method: 'GET', path: path(bankId), headers: { cookie: cookies.admin } }), name);
  });

  it('stores an entity bomb literally instead of expanding it', async () => {
    // A well-formed item whose text uses a billion-laughs entity: importing it is legitimate, but
    // the entity must not be expanded (10^8 characters) on the way.
    const body = `<?xml version="1.0"?>${LOL(8)}<quiz><question type="truefalse"><name><text>bomb</text></name><questiontext format="html"><text>S&l8;E</text></questiontext><answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer></question></quiz>`;
    // No time limit here (the tests run on loaded machines): an expansion shows in what is stored.
    const res = await raw(t.baseUrl, { method: 'POST', path: '/api/admin/banks/import?fileName=bomb.xml&format=moodle-xml', headers: { cookie: cookies.admin, 'content-type': 'application/octet-stream' }, body });
    if (res.status >= 400) expectTypedError(res, 'entity bomb');
    else {
      const stems = (await t.query("select length(stem) as n from bank_items where item_key like 'IMP-%'")) as { n: number }[];
      for (const s of stems) expect(s.n).toBeLessThan(1000);
    }
    expect((await t.http('GET', '/api/health')).status).toBe(200);
  });
});

// ---- socket events ----

const HUGE = 'x'.repeat(200_000);
const deep = (n: number): unknown => JSON.parse(deepArray(n));
const protoObj = () => JSON.parse('{"__proto__":{"role":"admin"},"sessionId":1}') as unknown;

const WHOLE_PAYLOADS: [string, unknown][] = [
  ['no payload', undefined],
  ['null', null],
  ['a string', 'session'],
  ['a number', 42],
  ['true', true],
  ['an empty array', []],
  ['an empty object', {}],
  ['a huge string', HUGE],
  ['a huge array', Array(20_000).fill(1)],
  ['deep nesting', deep(2000)],
  ['__proto__', protoObj()],
  ['constructor.prototype', { constructor: { prototype: { role: 'admin' } } }],
  ['binary', Buffer.from([0xff, 0xfe, 0x00, 0x01])],
];

type FieldKind = 'id' | 'finite' | 'boolean' | 'response' | 'changeId';
/** Values that are wrong for a field of each kind (sent in place of that field only). */
const BAD_VALUES: Record<FieldKind, [string, unknown][]> = {
  id: [
    ['a numeric string', '1'],
    ['true', true],
    ['null', null],
    ['an array', [1]],
    ['an object', {}],
    ['-1', -1],
    ['0', 0],
    ['1.5', 1.5],
    ['an unsafe integer', 2 ** 53 + 2],
    ['Infinity (null on the wire)', Infinity],
    ['NaN (null on the wire)', NaN],
    ['a huge string', HUGE],
    ['binary', Buffer.from([1])],
    ['__proto__', protoObj()],
    ['deep nesting', deep(500)],
  ],
  finite: [
    ['a numeric string', '1'],
    ['true', true],
    ['null', null],
    ['an array', [1]],
    ['an object', {}],
    ['Infinity (null on the wire)', Infinity],
    ['a huge string', HUGE],
    ['binary', Buffer.from([1])],
  ],
  boolean: [
    ['a string', 'true'],
    ['1', 1],
    ['0', 0],
    ['null', null],
    ['an array', []],
    ['an object', {}],
    ['binary', Buffer.from([1])],
  ],
  response: [
    ['a string', 'a'],
    ['a number', 1],
    ['true', true],
    ['an array', ['a']],
    ['an empty object', {}],
    ['choices as a string', { choices: 'a' }],
    ['choices as numbers', { choices: [1] }],
    ['13 choices', { choices: Array(13).fill('a') }],
    ['a 17-character choice', { choices: ['x'.repeat(17)] }],
    ['a huge choice', { choices: [HUGE] }],
    ['text for a choice item', { text: 'free text' }],
    ['text over 20,000 characters', { text: 'x'.repeat(20_001) }],
    ['choices and text', { choices: [], text: '' }],
    ['a choice that is no option', { choices: ['zz'] }],
    ['__proto__ in the response', JSON.parse('{"__proto__":{"choices":["a"]}}')],
    ['deep nesting', { choices: deep(500) }],
    ['binary', { choices: [Buffer.from('a')] }],
  ],
  changeId: [
    ['empty', ''],
    ['65 characters', 'x'.repeat(65)],
    ['a number', 1],
    ['null', null],
    ['an array', ['a']],
    ['binary', Buffer.from('a')],
  ],
};

await describeStores('hostile socket payloads on every event', (dialect) => {
  let t: TestExam;
  let sessionId: number;
  let itemId: number;
  let optionId: string;

  beforeAll(async () => {
    t = await TestExam.start({}, { store: dialect });
    const socket = await t.socket(await t.loginCandidate(0));
    const view = unwrap(await emit(socket, 'session:start', { sittingPartId: t.exam.theoryPartId }));
    sessionId = view.sessionId;
    const item = view.items.find((i) => i.type === 'single')!;
    itemId = item.id;
    optionId = item.options[0]!.id;
    unwrap(await emit(socket, 'answer:save', { sessionId, itemId, response: { choices: [optionId] }, flagged: false, changeId: 'x' }));
    socket.disconnect();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A well-formed payload per event (never sent as is: submit would end the session) and its fields' kinds. */
  const EVENTS = {
    'clock:ping': { base: () => ({ clientSentAt: 1 }), fields: { clientSentAt: 'finite' } },
    'session:start': { base: () => ({ sittingPartId: t.exam.theoryPartId }), fields: { sittingPartId: 'id' } },
    'session:resume': { base: () => ({ sessionId }), fields: { sessionId: 'id' } },
    'answer:save': {
      base: () => ({ sessionId, itemId, response: { choices: [optionId] }, flagged: false, changeId: 'c' }),
      fields: { sessionId: 'id', itemId: 'id', response: 'response', flagged: 'boolean', changeId: 'changeId' },
    },
    'session:submit': { base: () => ({ sessionId }), fields: { sessionId: 'id' } },
    'session:late_sync': {
      base: () => ({ sessionId, entries: [{ sessionId, itemId, response: { choices: [optionId] }, flagged: false, changeId: 'c', madeAt: 1, seq: 1 }] }),
      fields: { sessionId: 'id' },
    },
    'candidate:signal': { base: () => ({ kind: 'copy_paste' as const }), fields: {} },
    'candidate:dismiss_message': { base: () => ({ id: '00000000-0000-4000-8000-000000000000' }), fields: {} },
    'proctor:rooms': { base: () => ({}), fields: {} },
    'proctor:watch': { base: () => ({ sittingId: t.exam.sittingId, room: '测试考场', sittingPartId: t.exam.theoryPartId }), fields: { sittingId: 'id', sittingPartId: 'id' } },
    'proctor:unwatch': { base: () => ({ sittingId: t.exam.sittingId, room: '测试考场' }), fields: { sittingId: 'id' } },
    'proctor:action': {
      base: () => ({ sittingId: t.exam.sittingId, room: '测试考场', sittingPartId: t.exam.theoryPartId, action: { type: 'pause' as const }, reason: 'fuzz' }),
      fields: { sittingId: 'id', sittingPartId: 'id' },
    },
    'proctor:settings': {
      base: () => ({ sittingId: t.exam.sittingId, room: '测试考场', settings: { admissionRequired: true, signalPolicy: 'pause' as const, pauseAfter: 1 }, reason: 'fuzz' }),
      fields: { sittingId: 'id' },
    },
  } satisfies { [E in keyof ClientToServerEvents]: { base: () => Parameters<ClientToServerEvents[E]>[0]; fields: Record<string, FieldKind> } };

  function payloadsFor(event: keyof typeof EVENTS): [string, unknown][] {
    const spec = EVENTS[event];
    // proctor:rooms takes an empty object: that one is well formed.
    const out: [string, unknown][] = WHOLE_PAYLOADS.filter(([name]) => !(event === 'proctor:rooms' && name === 'an empty object'));
    const base = spec.base() as Record<string, unknown>;
    out.push(['an extra key', { ...base, role: 'admin' }]);
    for (const [field, kind] of Object.entries(spec.fields) as [string, FieldKind][]) {
      const { [field]: _dropped, ...without } = base;
      out.push([`no ${field}`, without]);
      for (const [name, value] of BAD_VALUES[kind]) out.push([`${field}: ${name}`, { ...base, [field]: value }]);
    }
    return out;
  }

  async function fuzzAs(socket: ClientSocket, allowed: (event: string) => string[]) {
    let n = 0;
    for (const event of Object.keys(EVENTS) as (keyof typeof EVENTS)[]) {
      for (const [name, payload] of payloadsFor(event)) {
        const reply: any = await emit(socket, event, payload as never);
        const what = `${event} [${name}] -> ${JSON.stringify(reply).slice(0, 200)}`;
        n++;
        expect(Object.keys(reply).sort(), what).toEqual(['error', 'ok']);
        expect(reply.ok, what).toBe(false);
        // Nothing beyond the envelope (no stack, no SQL): the code, the English message, and the key with its values.
        expect(['code', 'key', 'message', 'params'], what).toEqual(expect.arrayContaining(Object.keys(reply.error)));
        expect(allowed(event), what).toContain(reply.error.code);
        expect(reply.error.message, what).toEqual(expect.any(String));
      }
    }
    return n;
  }

  it('answers a candidate with BAD_REQUEST (or NOT_FOUND; FORBIDDEN on proctor events) for every hostile payload, and changes nothing', async () => {
    const socket = await t.socket(await t.loginCandidate(0));
    const before = await snapshot(t);
    const n = await fuzzAs(socket, (event) => (event.startsWith('proctor:') ? ['FORBIDDEN'] : ['BAD_REQUEST', 'NOT_FOUND']));
    expect(n).toBeGreaterThan(150);
    expect(socket.connected).toBe(true);
    expect((await t.http('GET', '/api/health')).status).toBe(200);
    expect(await snapshot(t)).toEqual(before);
    // Still serving this very connection.
    expect(unwrap(await emit(socket, 'session:resume', { sessionId })).answers).toHaveLength(1);
  });

  it('answers an administrator with FORBIDDEN (or BAD_REQUEST on clock:ping and the proctor events) for every hostile payload, and changes nothing', async () => {
    const socket = await t.socket(await t.loginStaff('admin'));
    const before = await snapshot(t);
    const n = await fuzzAs(socket, (event) => (event === 'clock:ping' || event.startsWith('proctor:') ? ['BAD_REQUEST'] : ['FORBIDDEN']));
    expect(n).toBeGreaterThan(150);
    expect((await t.http('GET', '/api/health')).status).toBe(200);
    expect(await snapshot(t)).toEqual(before);
  });

  it('drops a connection that sends more than the message size limit, and nothing else', async () => {
    const socket = await t.socket(await t.loginCandidate(0));
    const bystander = await t.socket(await t.loginCandidate(1));
    const before = await snapshot(t);
    const acks: unknown[] = [];
    const closed = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    socket.emit('answer:save', { sessionId, itemId, response: { text: 'x'.repeat(400_000) }, flagged: false, changeId: 'big' } as never, (r: unknown) => acks.push(r));
    expect(await closed).toMatch(/transport (close|error)/);
    expect(acks).toEqual([]);
    expect(await snapshot(t)).toEqual(before);
    expect(bystander.connected).toBe(true);
    expect(unwrap(await emit(bystander, 'clock:ping', { clientSentAt: 2 })).clientSentAt).toBe(2);
    expect((await t.http('GET', '/api/health')).status).toBe(200);
  });
});
