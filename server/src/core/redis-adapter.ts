import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-streams-adapter';

/**
 * What a node needs to share Socket.IO rooms with the other nodes of a cluster (issue #16, not yet
 * wired: docs/cluster.md §5). The Redis Streams adapter carries every room emit and
 * disconnectSockets to every node and resumes the stream from its last offset after a lost
 * connection, so packets emitted during a short Redis outage arrive late rather than never.
 *
 * Nothing that must be durable goes through here: saves, deadlines and scores never wait on Redis.
 * While it is away, commands wait a few reconnect attempts (ioredis' offline queue) and are then
 * dropped, so memory stays bounded and the reading loop never spins.
 */
export type RedisFanout = {
  adapter: ReturnType<typeof createAdapter>;
  /** `down` while the connection is lost: health reports it; live fan-out to other nodes waits. */
  status(): 'ok' | 'down';
  close(): Promise<void>;
};

export function createRedisFanout(url: string, opts: { onError?: (err: Error) => void; streamName?: string; connectionName?: string } = {}): RedisFanout {
  const client = new Redis(url, {
    connectionName: opts.connectionName ?? 'kaochang-io',
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  // Unheard, a Redis client's error event crashes the process.
  client.on('error', (err) => opts.onError?.(err));
  const adapter = createAdapter(client, { streamName: opts.streamName ?? 'kaochang', maxLen: 10_000 });
  return {
    adapter,
    status: () => (client.status === 'ready' ? 'ok' : 'down'),
    async close() {
      client.disconnect();
    },
  };
}
