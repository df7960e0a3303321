import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { TcpProxy } from '../../helpers/tcp-proxy.ts';

/** A backend that greets every connection with its name and echoes what it receives. */
async function backend(name: string) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => {});
    s.write(`${name}\n`);
    s.pipe(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    /** As a SIGKILLed node: the port refuses and open connections die. */
    kill: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

/** Connects through the proxy; resolves with the greeting's name, an echo function and a "closed" promise. */
function connect(port: number) {
  return new Promise<{ name: string; echo: (s: string) => Promise<string>; closed: Promise<void>; socket: net.Socket }>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    let buffer = '';
    let waiter: ((line: string) => void) | undefined;
    socket.on('error', () => {});
    socket.on('data', (d) => {
      buffer += d;
      const i = buffer.indexOf('\n');
      if (i < 0) return;
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (waiter) waiter(line);
      else resolve({ name: line, echo, closed, socket });
    });
    socket.once('close', () => reject(new Error('closed before the greeting')));
    const echo = (s: string) => new Promise<string>((r) => {
      waiter = r;
      socket.write(`${s}\n`);
    });
  });
}

describe('round-robin TCP proxy (multi-node test helper)', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0)) await c();
  });

  it('hands connections to the backends in turn and carries data both ways', async () => {
    const a = await backend('A');
    const b = await backend('B');
    const proxy = await TcpProxy.start([a.port, b.port]);
    cleanup.push(() => proxy.close(), a.kill, b.kill);
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      const c = await connect(proxy.port);
      names.push(c.name);
      expect(await c.echo(`hello ${i}`)).toBe(`hello ${i}`);
      c.socket.destroy();
    }
    expect(names).toEqual(['A', 'B', 'A', 'B']);
  });

  it('skips a backend that died, so clients reconnecting land on the others', async () => {
    const a = await backend('A');
    const b = await backend('B');
    const c = await backend('C');
    const proxy = await TcpProxy.start([a.port, b.port, c.port], { downMs: 60_000 });
    cleanup.push(() => proxy.close(), a.kill, c.kill);
    const onB = (await connect(proxy.port), await connect(proxy.port));
    expect(onB.name).toBe('B');
    await b.kill();
    await onB.closed; // the client sees its node go
    const again = await Promise.all([connect(proxy.port), connect(proxy.port), connect(proxy.port), connect(proxy.port)]);
    expect(again.map((x) => x.name).sort()).toEqual(['A', 'A', 'C', 'C']);
    for (const x of again) x.socket.destroy();
  });

  it('takes a backend out and cuts its open connections on request', async () => {
    const a = await backend('A');
    const b = await backend('B');
    const proxy = await TcpProxy.start([a.port, b.port]);
    cleanup.push(() => proxy.close(), a.kill, b.kill);
    const first = await connect(proxy.port);
    const second = await connect(proxy.port);
    expect([first.name, second.name]).toEqual(['A', 'B']);
    expect(proxy.connectionsTo(b.port)).toBe(1);
    proxy.remove(b.port, { cut: true });
    await second.closed;
    expect(await first.echo('still here')).toBe('still here');
    expect((await connect(proxy.port)).name).toBe('A');
    proxy.add(b.port);
    const names = [(await connect(proxy.port)).name, (await connect(proxy.port)).name].sort();
    expect(names).toEqual(['A', 'B']);
  });
});
