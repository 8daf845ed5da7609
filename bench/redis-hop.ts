/**
 * The baseline of the cross-node latency in `bench/cluster.ts`: the same Redis hop with nothing
 * of OpenFloor around it. A publisher process sends its send time on a channel of the run's
 * Redis at the captioner's rate; a subscriber process, another node in all but name, takes each
 * message as it arrives and, between the window marks, records send-to-receive latency. Both
 * run beside the nodes during their window, so the hop is measured under the same load.
 *
 * argv: `publisher <rate per second>` or `subscriber`; BENCH_REDIS_URL names the Redis.
 */
import { Redis } from 'ioredis';
import { exitWithParent, now, percentile } from './common.js';

export type HopCommand = { type: 'window-start' } | { type: 'window-end' } | { type: 'stop' };
export type HopReport =
  | { type: 'ready' }
  | { type: 'report'; received: number; latency: { p50: number; p99: number; max: number } }
  | { type: 'failed'; reason: string };

const CHANNEL = 'bench:redis-hop';
const send = (message: HopReport) => process.send?.(message);
const [role, rate] = process.argv.slice(2);
const client = new Redis(process.env.BENCH_REDIS_URL!);
client.on('error', (error: Error) => send({ type: 'failed', reason: error.message }));
exitWithParent(() => void client.disconnect());

if (role === 'publisher') {
  // Sent on a timer, as the captioner's deltas are, not in a burst.
  const timer = setInterval(() => void client.publish(CHANNEL, String(now())), 1000 / Number(rate));
  process.on('message', (command: HopCommand) => {
    if (command.type === 'stop') {
      clearInterval(timer);
      client.disconnect();
      process.exit(0);
    }
  });
  send({ type: 'ready' });
} else {
  let recording = false;
  const latencies: number[] = [];
  client.on('message', (_channel: string, message: string) => {
    if (recording) latencies.push(now() - Number(message));
  });
  await client.subscribe(CHANNEL);
  process.on('message', (command: HopCommand) => {
    if (command.type === 'window-start') recording = true;
    else if (command.type === 'window-end') {
      recording = false;
      const sorted = latencies.splice(0).sort((a, b) => a - b);
      send({ type: 'report', received: sorted.length, latency: { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN } });
    } else {
      client.disconnect();
      process.exit(0);
    }
  });
  send({ type: 'ready' });
}
