import { RedisAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { logger } from '../observability/log.js';
import { answeredWithin, settledWithin } from '../timers.js';
import type { AdapterChoice } from './fan-out.js';

/** Redis could not be reached at start-up: the node stops rather than serve alone. */
export class ClusterError extends Error {}

/**
 * Several OpenFloor nodes share their broadcasts through Socket.IO's Redis adapter: what one
 * node emits to a room is published on Redis and delivered by every node to its own
 * connections. While Redis is away each node still serves its own connections; the clients
 * reconnect by themselves and the adapter's subscriptions are restored with them.
 */
export interface Cluster {
  /** The Redis adapter with its two connections, for `useDirectFrames`. */
  adapter: AdapterChoice;
  /** Told of each broadcast that could not be published (Redis went away while it was sent). */
  onPublishFailed(listener: () => void): void;
  /**
   * True for the first node to claim `key` before `untilMs` (epoch ms), false for every later
   * claim until then: one Redis SET NX, so a LiveKit webhook replayed to another node is known
   * there too. While Redis is away every claim is granted, and each node's own memory decides.
   */
  claimOnce(key: string, untilMs: number): Promise<boolean>;
  /** Why Redis is not usable now, and since when; null while both connections are ready. */
  problem(): { reason: string; since: number } | null;
  close(): Promise<void>;
}

export interface ClusterOptions {
  clock: () => number;
  /** How long start-up waits for Redis before giving up. */
  connectTimeoutMs?: number;
  /**
   * How often Redis is asked for a PING, and how long any command may wait for its answer. A
   * Redis that hangs (a paused process, a network that drops packets without a reset) keeps its
   * connections open: without this nothing notices, and a webhook's claim would wait for ever.
   */
  heartbeatMs?: number;
}

/** The one thing of the publishing client guarded here; the rest passes through unchanged. */
interface Publisher {
  publish(channel: string, message: string | Buffer): Promise<number>;
}

export async function connectCluster(url: string, options: ClusterOptions): Promise<Cluster> {
  const where = redactedUrl(url);
  // ioredis writes each command to its socket as it is called. node-redis, used here before,
  // queued it for setImmediate: a broadcast left for the other nodes only after this node had
  // written every one of its own viewers' frames, which put that fan-out (10 ms and more at
  // 500 viewers) into every other node's latency.
  // While Redis is away a publish fails at once (and is counted) rather than wait in a queue
  // that grows with the outage and floods the other nodes with stale broadcasts on return.
  const heartbeatMs = options.heartbeatMs ?? 2000;
  // socketTimeout: a connection that has sent a command (the heartbeat's PING at least) and
  // hears nothing back for that long is destroyed, and ioredis connects again (subscriptions
  // included). Only a new connection gets past a flow the network dropped without a word.
  const publisher = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, commandTimeout: heartbeatMs, socketTimeout: heartbeatMs });
  // The subscriber queues its (re)subscriptions until the connection is back.
  const subscriber = new Redis(url, { lazyConnect: true, socketTimeout: heartbeatMs });
  const ready = (client: Redis) => client.status === 'ready';
  let lastError = '';
  let down: { reason: string; since: number } | null = null;
  const watch = (client: Redis, name: string) => {
    // Without an 'error' listener ioredis reports every failed reconnection as unhandled; it reconnects by itself.
    client.on('error', (error: Error) => {
      lastError = error.message;
      if (!down) {
        down = { reason: `${name} connection: ${error.message}`, since: options.clock() };
        logger.warn({ redis: where, error: error.message }, 'Redis unreachable: what goes through it reaches only this node until it is back');
      }
    });
    client.on('ready', () => {
      if (down && ready(publisher) && ready(subscriber)) {
        logger.info({ redis: where }, 'Redis reachable again: what goes through it reaches every node');
        down = null;
      }
    });
  };
  watch(publisher, 'publish');
  watch(subscriber, 'subscribe');
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  try {
    await answeredWithin(
      Promise.all([publisher.connect(), subscriber.connect()]),
      timeoutMs,
      () => new ClusterError(`REDIS_URL: Redis at ${where} did not answer within ${timeoutMs / 1000} s (${lastError || 'no answer'}).`),
    );
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw error instanceof ClusterError ? error : new ClusterError(`REDIS_URL: cannot connect to Redis at ${where}: ${(error as Error).message}`);
  }
  down = null;
  // Per connection, set while it is open but its PINGs go unanswered: Redis hangs, or the
  // network lost this one flow. The subscriber is watched too: it is the quiet one, and a
  // subscription cut off alone would otherwise only be noticed by TCP keepalive, minutes later.
  const silent = new Map<Redis, { reason: string; since: number }>();
  const listen = (client: Redis, name: string) => {
    if (!ready(client)) return;
    client.ping().then(
      () => {
        if (!silent.delete(client) || silent.size > 0) return;
        logger.info({ redis: where }, 'Redis answers again: what goes through it reaches every node');
      },
      (error: Error) => {
        if (silent.has(client)) return;
        silent.set(client, { reason: `${name} connection: no answer to PING (${error.message})`, since: options.clock() });
        logger.warn({ redis: where, connection: name, error: error.message }, 'Redis does not answer: what goes through it reaches only this node until it does');
      },
    );
  };
  const heartbeat = setInterval(() => {
    listen(publisher, 'publish');
    listen(subscriber, 'subscribe');
  }, heartbeatMs);
  heartbeat.unref();
  let publishFailed = () => {};
  return {
    adapter: { base: RedisAdapter, args: [publishing(publisher, () => publishFailed()), subscriber] },
    onPublishFailed(listener) {
      publishFailed = listener;
    },
    async claimOnce(key, untilMs) {
      try {
        return (await publisher.set(`openfloor:${key}`, '1', 'PXAT', Math.ceil(untilMs), 'NX')) !== null;
      } catch (error) {
        logger.warn({ error: (error as Error).message, key }, 'Redis could not tell whether another node saw this first; this node judges alone');
        return true;
      }
    },
    // A silence first: its reason says more than the connection errors it leads to.
    problem: () => silent.values().next().value ?? down ?? (ready(publisher) && ready(subscriber) ? null : { reason: 'reconnecting', since: options.clock() }),
    async close() {
      clearInterval(heartbeat);
      // A QUIT that a hung Redis never answers must not hold the node's shutdown.
      await settledWithin(Promise.allSettled([publisher.quit(), subscriber.quit()]), heartbeatMs);
      // A QUIT Redis never got (it is away) leaves ioredis reconnecting: stop that too.
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}

/**
 * The publishing client as the adapter sees it, except that a publish Redis fails (its
 * connection lost mid-send) is counted instead of rejecting unhandled: the adapter never
 * awaits its publishes, and an unhandled rejection would end the process.
 */
function publishing<Client extends Publisher>(client: Client, failed: () => void): Client {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'publish') {
        return (channel: string, message: string | Buffer) =>
          target.publish(channel, message).catch((error: Error) => {
            failed();
            logger.warn({ error: error.message }, 'a broadcast was not published to the other nodes');
            return 0;
          });
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The URL without its password, for messages and logs. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the configured URL';
  }
}
