import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';

/**
 * What a node needs to share Socket.IO rooms with the other nodes of a cluster (issue #16,
 * docs/cluster.md §5; wired by core/redis-links.ts when REDIS_URL is set). The Redis Streams
 * adapter carries every room emit and disconnectSockets to every node and resumes the stream from
 * its last offset after a lost connection, so packets emitted during a short Redis outage arrive
 * late rather than never.
 *
 * Nothing that must be durable goes through here: saves, deadlines and scores never wait on Redis.
 * While it is away, commands wait a few reconnect attempts (ioredis' offline queue) and are then
 * dropped, so memory stays bounded and the reading loop never spins.
 */
export type RedisFanout = {
  adapter: ReturnType<typeof createAdapter>;
  /** `down` while the connection is lost: health reports it; live fan-out to other nodes waits. */
  status(): 'ok' | 'down';
  /** Called each time the connection is (again) ready: what was sent while it was away may be lost. */
  onReady(listener: () => void): void;
  close(): Promise<void>;
};

export function createRedisFanout(url: string, opts: { onError?: (err: Error) => void; onReady?: () => void; streamName?: string; connectionName?: string } = {}): RedisFanout {
  const client = new Redis(url, {
    connectionName: opts.connectionName ?? 'kaochang-io',
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Unheard, a Redis client's error event crashes the process.
  client.on('error', (err) => opts.onError?.(err));
  client.on('ready', () => opts.onReady?.());
  // The adapter fires PUBLISH (server-side emits) without awaiting it: once Redis has been away
  // for three reconnect attempts its rejection would be unhandled, which ends the process.
  const publish = client.publish.bind(client) as (...args: unknown[]) => Promise<number>;
  client.publish = ((...args: unknown[]) => quiet(publish(...args))) as typeof client.publish;
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (override) => resubscribing(duplicate(override));
  // Server-side emits (presence, watchers, cache bus) travel by PUB/SUB, not the stream: without a
  // channel prefix of its own, every cluster on this Redis (tests, benches) would hear every other.
  const streamName = opts.streamName ?? 'kaochang';
  const perNamespace = createAdapter(client, { streamName, channelPrefix: streamName, maxLen: 10_000 });
  // Socket.IO calls it with `new`: a function (not an arrow) whose returned object stands.
  const adapter = function (nsp: unknown) {
    return deliverLocallyFirst(perNamespace(nsp));
  } as typeof perNamespace;
  return {
    adapter,
    status: () => (client.status === 'ready' ? 'ok' : 'down'),
    onReady: (listener) => void client.on('ready', listener),
    async close() {
      client.disconnect();
    },
  };
}

function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/**
 * The adapter subscribes its copy of the client once, without awaiting: a SUBSCRIBE dropped while
 * Redis is away would leave the node deaf to other nodes' replies for good (and its rejection
 * unhandled), so it is sent again when the connection is back.
 */
function resubscribing(copy: Redis): Redis {
  const subscribe = copy.subscribe.bind(copy) as (...channels: string[]) => Promise<unknown>;
  const attempt = (channels: string[]): Promise<unknown> => subscribe(...channels).catch(() => copy.once('ready', () => void attempt(channels)));
  copy.subscribe = ((...channels: string[]) => attempt(channels)) as typeof copy.subscribe;
  return copy;
}

/**
 * socket.io's ClusterAdapter publishes a room emit or disconnectSockets to Redis and only then
 * applies it to this node's own sockets: with Redis refusing, a node's own candidates would get
 * their events seconds late, and with Redis silent, never. Publishing is made fire-and-forget
 * (the offset it returns serves connection-state recovery only, which is not used), so local
 * delivery never waits on Redis. Order is kept: every publish is written to one connection in
 * call order, and local delivery follows call order too.
 */
function deliverLocallyFirst<A extends object>(adapter: A): A {
  const cluster = adapter as unknown as { publishAndReturnOffset(message: unknown): Promise<string> };
  const publish = cluster.publishAndReturnOffset.bind(adapter);
  cluster.publishAndReturnOffset = (message) => {
    void quiet(publish(message));
    return Promise.resolve('');
  };
  return adapter;
}
