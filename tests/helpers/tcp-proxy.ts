import net from 'node:net';

/**
 * A round-robin TCP proxy for the multi-node tests (issue #16): one listening port in front of
 * several app nodes, as a load balancer without sticky sessions. A backend that refuses a
 * connection (a node that was killed) is skipped and left out for `downMs`, as a load balancer's
 * health check would; `remove` takes a node out and can cut its open connections at once.
 * Loopback only.
 */
export class TcpProxy {
  private readonly backends: number[];
  private readonly downUntil = new Map<number, number>();
  private readonly open = new Map<number, Set<net.Socket>>();
  private readonly upstreamOf = new WeakMap<net.Socket, net.Socket>();
  private next = 0;
  /** Connections handed to each backend so far. */
  readonly served = new Map<number, number>();

  private constructor(
    private readonly server: net.Server,
    backends: number[],
    private readonly downMs: number,
  ) {
    this.backends = [...backends];
  }

  static async start(backends: number[], opts: { downMs?: number } = {}): Promise<TcpProxy> {
    const server = net.createServer();
    const proxy = new TcpProxy(server, backends, opts.downMs ?? 1000);
    server.on('connection', (client) => proxy.accept(client));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  add(port: number): void {
    if (!this.backends.includes(port)) this.backends.push(port);
    this.downUntil.delete(port);
  }

  /** Stops sending new connections to `port`; with `cut`, ends its open ones too (both sides see a reset). */
  remove(port: number, opts: { cut?: boolean } = {}): void {
    const i = this.backends.indexOf(port);
    if (i >= 0) this.backends.splice(i, 1);
    if (opts.cut) for (const s of this.open.get(port) ?? []) s.destroy();
  }

  /**
   * Lets nothing more through the connections open to `port`, either way, and tells neither side:
   * a switch gone dead. New connections pass as before.
   */
  silence(port: number): void {
    for (const client of this.open.get(port) ?? []) {
      const upstream = this.upstreamOf.get(client);
      for (const s of [client, upstream]) {
        s?.unpipe();
        s?.pause();
      }
    }
  }

  /** Open connections through the proxy to `port`. */
  connectionsTo(port: number): number {
    return this.open.get(port)?.size ?? 0;
  }

  async close(): Promise<void> {
    for (const set of this.open.values()) for (const s of set) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private pick(exclude: Set<number>): number | undefined {
    const now = Date.now();
    for (let n = 0; n < this.backends.length; n++) {
      const port = this.backends[this.next++ % this.backends.length]!;
      if (!exclude.has(port) && (this.downUntil.get(port) ?? 0) <= now) return port;
    }
    return undefined;
  }

  private accept(client: net.Socket, tried = new Set<number>()): void {
    const port = this.pick(tried);
    if (port === undefined) {
      client.destroy();
      return;
    }
    tried.add(port);
    client.pause();
    const upstream = net.connect(port, '127.0.0.1');
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      this.served.set(port, (this.served.get(port) ?? 0) + 1);
      const set = this.open.get(port) ?? new Set<net.Socket>();
      this.open.set(port, set);
      // One entry per proxied connection (its client side); cutting it closes both sides.
      set.add(client);
      this.upstreamOf.set(client, upstream);
      client.once('close', () => set.delete(client));
      client.on('error', () => upstream.destroy());
      client.once('close', () => upstream.destroy());
      upstream.once('close', () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    upstream.on('error', () => {
      if (connected) {
        client.destroy();
        return;
      }
      // Refused: the node is gone. Mark it down and give the client to the next one.
      this.downUntil.set(port, Date.now() + this.downMs);
      if (!client.destroyed) this.accept(client, tried);
    });
  }
}
