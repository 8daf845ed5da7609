import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What the server counts, as calls its parts make (the realtime layer, the caption hub, the
 * LiveKit bridge, the HTTP edge). Composition picks Prometheus; tests of a part may pass
 * `noMetrics`. Labels are bounded: roles, command types, error codes, never ids.
 */
export interface Metrics {
  connectionOpened(role: string): void;
  connectionClosed(role: string): void;
  /** A command or request answered, over a socket or HTTP: `ok` or its error code. */
  command(transport: 'socket' | 'http', name: string, outcome: string): void;
  captionDeltasIn(count: number): void;
  captionDeltasOut(count: number): void;
  /** Broadcast frames written straight to an idle WebSocket, or through Socket.IO's own path. */
  fanOut(direct: number, fallback: number): void;
  /** A broadcast that could not be published to the other nodes (Redis lost while sending). */
  clusterPublishFailed(): void;
  logAppend(seconds: number, ok: boolean): void;
  liveKitCall(operation: string, ok: boolean): void;
  rateLimited(scope: string): void;
  connectionRefused(reason: string): void;
  /** Whether the disk takes writes now (0 while a full disk keeps the meetings read-only). */
  storageWritable(writable: boolean): void;
  /** A write the disk refused, by operation. */
  storageWriteFailed(operation: string): void;
}

export const noMetrics: Metrics = {
  connectionOpened: () => {},
  connectionClosed: () => {},
  command: () => {},
  captionDeltasIn: () => {},
  captionDeltasOut: () => {},
  fanOut: () => {},
  clusterPublishFailed: () => {},
  logAppend: () => {},
  liveKitCall: () => {},
  rateLimited: () => {},
  connectionRefused: () => {},
  storageWritable: () => {},
  storageWriteFailed: () => {},
};

/** Prometheus metrics in a registry of their own (one per app: tests run several in one process). */
export class PrometheusMetrics implements Metrics {
  readonly registry = new Registry();
  private readonly connections = new Gauge({ name: 'openfloor_connections', help: 'Open realtime connections by role', labelNames: ['role'], registers: [this.registry] });
  private readonly commands = new Counter({
    name: 'openfloor_commands_total',
    help: 'Commands and requests answered, by transport, name and outcome (ok or error code)',
    labelNames: ['transport', 'name', 'outcome'],
    registers: [this.registry],
  });
  private readonly errors = new Counter({ name: 'openfloor_errors_total', help: 'Coded errors answered, by code', labelNames: ['code'], registers: [this.registry] });
  private readonly captions = new Counter({ name: 'openfloor_caption_deltas_total', help: 'Caption deltas received from captioners (in) and sent to followers (out)', labelNames: ['direction'], registers: [this.registry] });
  private readonly frames = new Counter({ name: 'openfloor_fanout_frames_total', help: 'Broadcast frames by path: direct WebSocket write or Socket.IO fallback', labelNames: ['path'], registers: [this.registry] });
  private readonly unpublished = new Counter({ name: 'openfloor_cluster_publish_failures_total', help: 'Broadcasts not published to the other nodes because Redis was lost while sending', registers: [this.registry] });
  private readonly appends = new Histogram({
    name: 'openfloor_log_append_seconds',
    help: 'Durable log append latency',
    labelNames: ['outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [this.registry],
  });
  private readonly liveKit = new Counter({ name: 'openfloor_livekit_calls_total', help: 'Calls to the LiveKit server, by operation and outcome', labelNames: ['operation', 'outcome'], registers: [this.registry] });
  private readonly limited = new Counter({ name: 'openfloor_rate_limited_total', help: 'Requests refused by a rate limit, by scope', labelNames: ['scope'], registers: [this.registry] });
  private readonly refused = new Counter({ name: 'openfloor_connections_refused_total', help: 'Connections refused or closed at the edge, by reason', labelNames: ['reason'], registers: [this.registry] });
  private readonly writable = new Gauge({ name: 'openfloor_storage_writable', help: '1 while the disk takes writes, 0 while writes fail (the meetings are read-only)', registers: [this.registry] });
  private readonly writeFailures = new Counter({ name: 'openfloor_storage_write_failures_total', help: 'Writes the disk refused (full, read-only, failing), by operation', labelNames: ['operation'], registers: [this.registry] });

  constructor() {
    // Process metrics, event-loop delay (nodejs_eventloop_lag_*) among them.
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  connectionOpened(role: string): void {
    this.connections.inc({ role });
  }
  connectionClosed(role: string): void {
    this.connections.dec({ role });
  }
  command(transport: 'socket' | 'http', name: string, outcome: string): void {
    this.commands.inc({ transport, name, outcome });
    if (outcome !== 'ok') this.errors.inc({ code: outcome });
  }
  captionDeltasIn(count: number): void {
    this.captions.inc({ direction: 'in' }, count);
  }
  captionDeltasOut(count: number): void {
    if (count > 0) this.captions.inc({ direction: 'out' }, count);
  }
  fanOut(direct: number, fallback: number): void {
    if (direct > 0) this.frames.inc({ path: 'direct' }, direct);
    if (fallback > 0) this.frames.inc({ path: 'fallback' }, fallback);
  }
  clusterPublishFailed(): void {
    this.unpublished.inc();
  }
  logAppend(seconds: number, ok: boolean): void {
    this.appends.observe({ outcome: ok ? 'ok' : 'failed' }, seconds);
  }
  liveKitCall(operation: string, ok: boolean): void {
    this.liveKit.inc({ operation, outcome: ok ? 'ok' : 'failed' });
  }
  rateLimited(scope: string): void {
    this.limited.inc({ scope });
  }
  connectionRefused(reason: string): void {
    this.refused.inc({ reason });
  }
  storageWritable(writable: boolean): void {
    this.writable.set(writable ? 1 : 0);
  }
  storageWriteFailed(operation: string): void {
    this.writeFailures.inc({ operation });
  }
}
