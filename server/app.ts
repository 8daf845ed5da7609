import { securityHeaders } from './http/security.js';
import express from 'express';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Language } from '../shared/meeting/model.js';
import { LinkSigner, type VerifiedLink } from './access/links.js';
import { answerFailure, createApi } from './http/api.js';
import { serveClient } from './http/client.js';
import { PdfPrinter, type PdfPrinterOptions } from './archive/pdf.js';
import { createArchiveRoutes, printRecord, shelveRecord } from './archive/routes.js';
import { ArchiveRenderer } from './archive/renderer.js';
import { ArchiveShelf } from './archive/shelf.js';
import { ArchiveService } from './archive/service.js';
import { CaptionHub } from './captions/hub.js';
import { CaptionDesk } from './captions/desk.js';
import { attachCaptionLiveness } from './captions/liveness.js';
import { createCaptionLinesRoute } from './captions/lines-route.js';
import { createCaptionDeskRoutes, localDeskPart } from './captions/desk-routes.js';
import { createCaptionIngest, createRootCaptionIngest } from './captions/ingest.js';
import { captionStreamEvents, createCaptionEventStream } from './captions/event-stream.js';
import { StreamTextPulls, type StreamTextPullOptions } from './captions/streamtext-pull.js';
import { TcpRealtime, type TcpRealtimeOptions } from './captions/tcp-realtime.js';
import { mountCycles } from './cycle/mount.js';
import type { CycleService } from './cycle/service.js';
import { MediaCoordinator, type PresenceChange } from './livekit/coordinator.js';
import { createMediaRoutes } from './livekit/routes.js';
import { attachMediaRealtime } from './livekit/socket.js';
import { ContactBook } from './mail/contacts.js';
import type { Mailer } from './mail/mailer.js';
import { soleNodeLease, type WorkLease } from './storage/work-lease.js';
import { MeetingRegistry } from './meetings/registry.js';
import { ArchiveAudio } from './recorder/archive-audio.js';
import { RecorderCoordinator } from './recorder/coordinator.js';
import type { Cluster } from './realtime/cluster.js';
import { EventStreams } from './realtime/event-streams.js';
import { useDirectFrames, verifyDirectFrames } from './realtime/fan-out.js';
import { ProjectionFeeds } from './realtime/projections.js';
import { attachRealtime, broadcastExtension, type RealtimeServer } from './realtime/socket.js';
import { createMeetingEventStream, meetingStreamEvents } from './realtime/meeting-event-stream.js';
import { streamRoutes } from './realtime/stream-routes.js';
import { CaptionSnapshotJson } from './realtime/stream-readers.js';
import { MeetingViews } from './realtime/meeting-views.js';
import { captionRoom } from './realtime/room-names.js';
import type { LogStore } from './storage/log.js';
import type { EdgeSettings } from './config.js';
import { guardConnections, serverTimeouts } from './http/connections.js';
import { httpRateLimits } from './http/limits.js';
import { sharedByDesign } from '../shared/access/links.js';
import { logger, requestLogging } from './observability/log.js';
import { meteredStore } from './observability/metered.js';
import { createHealthRoutes } from './observability/health-route.js';
import { Readiness } from './observability/readiness.js';
import { guardedStore, StorageHealth } from './storage/health.js';
import { PrometheusMetrics } from './observability/metrics.js';
import { createMetricsRoute } from './observability/metrics-route.js';
import { ENGINE_BUFFER_BYTES, guardRealtime } from './realtime/edge.js';
import { clientAddress, SocketWriteLimits } from './realtime/write-limits.js';
import { linkRoom, SessionEndings } from './realtime/session-end.js';
import { systemTimers, type Timers } from './timers.js';

export interface AppDeps {
  store: LogStore;
  clock: () => number;
  /** Delayed work that follows the clock (link expiry, attendance grace); Node's timers unless a test moves time. */
  timers?: Timers;
  adminToken: string;
  linkSecret: string;
  /** Base of generated links; when omitted, the address the server listens on. */
  publicUrl?: string;
  /** Grace period after the meeting's end for meetings created without one (LINK_GRACE_HOURS). */
  linkGraceHours: number;
  /** Sends participants their personal links; null without SMTP_URL. */
  mailer: Mailer | null;
  /** Quiet period after which a caption line commits by itself. */
  captionQuietMs: number;
  /** This node's name among the nodes on one database (NODE_NAME); attendance it opens carries it. */
  nodeName?: string;
  /** How long the group commit gathers appends before one sync (a few ms). */
  commitWindowMs?: number;
  /** Caption entries kept per stream for reconnecting pages (2,000 unless told; tests use fewer). */
  captionTailSize?: number;
  /** A participant back within this after their last device left is not recorded as leaving. */
  attendanceGraceMs?: number;
  /** How often the LiveKit room is compared with the meeting, as webhooks can be lost. */
  mediaReconcileMs: number;
  newMeetingId: () => string;
  clientDistDir: string;
  /** Prints archived records to PDF; without it the archive offers no PDF. */
  pdf?: PdfPrinterOptions;
  /** Where the archive keeps each sealed meeting's rendered files and bundle (DATA_DIR/archive-files). */
  archiveDir: string;
  /** Where StreamText events are pulled from, and how often. */
  streamText: StreamTextPullOptions;
  /** TCP realtime listeners for CAT programs; off without ports. */
  captionTcp: TcpRealtimeOptions;
  /**
   * Recording the floor (issue 16): where recordings and the archive's audio are kept, and
   * Debian's ffmpeg for MP3 copies. Without it nothing is recorded.
   */
  floor?: { dataDir: string; ffmpegPath: string | null; restartDelaysMs?: number[] };
  /** Rate and connection limits, timeouts, trusted proxies, allowed origins (see config.ts). */
  edge: EdgeSettings;
  /** Broadcasts shared with the other nodes through Redis (REDIS_URL); closed with the app. */
  cluster?: Cluster;
}

export interface App {
  registry: MeetingRegistry;
  captions: CaptionHub;
  /** What each caption sender is doing now, for the captioner and chair consoles. */
  captionDesk: CaptionDesk;
  streamTextPulls: StreamTextPulls;
  /** Whether this node runs the work that runs once across nodes (work-lease.ts). */
  timedWork: WorkLease;
  captionTcp: TcpRealtime;
  media: MediaCoordinator;
  /** The floor recorder, when `floor` is configured; its binary is given by `setBinary`. */
  recorder: RecorderCoordinator | null;
  archive: ArchiveService;
  /** Consultation cycles: proposals, the online consultation, the compilation report. */
  cycles: CycleService;
  signer: LinkSigner;
  httpServer: HttpServer;
  /** The express application: tests enumerate its routes, so none escapes the authorization matrix. */
  web: express.Express;
  /** The routes served before Express (`GET <path>`): the event streams. */
  eventStreamRoutes: readonly string[];
  io: RealtimeServer;
  /** Readers of the caption event stream (SSE), ended with the realtime connections when the node drains. */
  eventStreams: EventStreams;
  metrics: PrometheusMetrics;
  /** Whether the disk takes writes now (`/readyz`). */
  storage: StorageHealth;
  /** Whether a proxy should send this node connections (`/readyz`): draining, services it needs. */
  readiness: Readiness;
  /** Resolves with the base URL once listening; port 0 picks a free port. */
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

/** Wires the adapters around one registry. Nothing here reads the environment. */
export async function createApp(deps: AppDeps): Promise<App> {
  const { edge } = deps;
  const timers = deps.timers ?? systemTimers;
  const metrics = new PrometheusMetrics();
  // A write the disk refuses (full, read-only) is reported and answered STORAGE_UNAVAILABLE;
  // the probe rewrites one small document until the disk takes writes again.
  const storage = new StorageHealth(metrics, deps.clock);
  storage.useProbe(() => deps.store.writeDocument('health:probe', { at: deps.clock() }));
  // Every append of every log is timed, the rooms' group commits included.
  const store = meteredStore(guardedStore(deps.store, storage), metrics);
  // Nodes that share a log each tell their own pages what they read from it (realtime/socket.ts).
  const logShared = store.watch !== undefined;
  const registry = await MeetingRegistry.load(store, deps.clock, {
    captionQuietMs: deps.captionQuietMs,
    nodeName: deps.nodeName,
    commitWindowMs: deps.commitWindowMs,
    captionTailSize: deps.captionTailSize,
    attendanceGraceMs: deps.attendanceGraceMs,
    timers,
  });
  const signer = new LinkSigner(deps.linkSecret);
  const web = express();
  web.disable('x-powered-by');
  web.set('trust proxy', edge.trustProxy);
  web.use(requestLogging(metrics));
  // Before the rate limits: a load balancer's probes come often, from one address.
  const readiness = new Readiness();
  web.use(createHealthRoutes(storage, readiness, deps.cluster, { logShared }));
  const captions = new CaptionHub(registry);
  const eventStreams = new EventStreams((event, payload, json) => captionStreamEvents(event, payload, json) ?? meetingStreamEvents(event, payload, json));
  const writeLimits = new SocketWriteLimits({ ...edge.socket, venue: edge.venue }, deps.clock);
  /** A link's pages open on this node, on sockets and event streams alike. */
  const openOnLink = (meetingId: string, linkId: string) => {
    const room = linkRoom(meetingId, linkId);
    return (io.sockets.adapter.rooms.get(room)?.size ?? 0) + eventStreams.countIn(room);
  };
  const mayConnect = ({ meetingId, actor }: VerifiedLink) => writeLimits.mayConnect(actor.role, openOnLink(meetingId, actor.linkId));
  const feeds = new ProjectionFeeds();
  const views = new MeetingViews(registry, feeds, deps.clock);
  const trustedProxy = web.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const captionSnapshots = new CaptionSnapshotJson();
  // Before Express, page headers and the API's limits: a reconnecting hall of readers is
  // thousands of requests at once, each a stream of events, not a page, each checked by its
  // link alone, and each held for as long as its reader reads (realtime/stream-routes.ts).
  const streamListener = streamRoutes(
    [
      createCaptionEventStream({ registry, captions, snapshots: captionSnapshots, signer, streams: eventStreams, mayConnect, metrics }),
      createMeetingEventStream({
        registry,
        captions,
        snapshots: captionSnapshots,
        signer,
        streams: eventStreams,
        views,
        // Made further down, with the sockets they serve too; asked only once a request comes.
        presence: (meetingId, actor) => mediaRealtime.arrival(meetingId, actor),
        live: (meetingId) => captionLiveness.arrival(meetingId),
        mayConnect,
        metrics,
      }),
    ],
    { perAddressPerMinute: edge.http.perAddressPerMinute, venue: edge.venue, trustProxy: trustedProxy, clock: deps.clock, metrics },
  );
  const sharedLink = (token: string) => {
    const verified = signer.verify(token);
    return verified.ok && sharedByDesign(verified.value.actor.role);
  };
  web.use(securityHeaders({ mediaUrl: () => media.clientUrl }));
  web.use(httpRateLimits({ ...edge.http, venue: edge.venue, sharedLink }, metrics));
  web.use(createMetricsRoute(metrics, [deps.adminToken, ...(edge.metricsToken ? [edge.metricsToken] : [])]));
  const httpServer = createServer(serverTimeouts(edge.connections), (req, res) => streamListener.listener(req, res, () => web(req, res)));
  // A connection straight from the venue's NAT is one of hundreds there: not counted either.
  guardConnections(httpServer, { ...edge.connections, trusted: (address) => (edge.trustProxy !== false && trustedProxy(address, 0)) || edge.venue(address) }, metrics);
  const io: RealtimeServer = new Server(httpServer, {
    serveClient: false,
    // Above the 64 KB message limit, so a larger message gets a coded answer (realtime/edge.ts).
    maxHttpBufferSize: ENGINE_BUFFER_BYTES,
    perMessageDeflate: false,
    // A page whose connection the network dropped without a word (a phone roaming between the
    // venue's access points) knows within interval + timeout, 30 s, where Socket.IO's 25 + 20
    // left captions frozen for 45 s on a page that still looked connected. The timeout stays
    // Socket.IO's 20 s: a 3,000-viewer reconnect storm keeps this machine's server and clients
    // busy for 5 to 20 s (bench/README.md), and an answer read late must not close the
    // connection it was for. 3,800 pages are 380 pings a second.
    pingInterval: 10_000,
    pingTimeout: 20_000,
  });
  // A caption delta goes to thousands of viewers: one finished frame per connection (fan-out.ts),
  // and one finished event per reader of the caption event stream.
  useDirectFrames(io, (direct, fallback) => metrics.fanOut(direct, fallback), deps.cluster?.adapter, eventStreams);
  deps.cluster?.onPublishFailed(() => metrics.clusterPublishFailed());
  let publicUrl = deps.publicUrl ?? '';
  // Registered before the realtime adapter, so every connection and request passes it first.
  guardRealtime(io, { allowedOrigins: edge.allowedOrigins, publicOrigin: () => (publicUrl ? new URL(publicUrl).origin : null), metrics });
  // With several nodes on one database, one of them runs the work that must run once.
  const timedWork = store.lease?.('timed-work') ?? soleNodeLease;
  const captionDesk = new CaptionDesk(deps.clock);
  const streamTextPulls = await StreamTextPulls.load(store, registry, captions, captionDesk, deps.clock, deps.streamText, timedWork);
  const captionTcp = new TcpRealtime(registry, captions, captionDesk, deps.clock, deps.captionTcp);
  attachRealtime(io, {
    registry,
    captions,
    desk: captionDesk,
    signer,
    clock: deps.clock,
    views,
    writeLimits,
    openOnLink,
    addressOf: (request) => clientAddress(request, trustedProxy),
  });
  // Whom a node tells of what it wrote: with a shared log its own connections only, as every
  // other node tells its own what it reads; without one, every node's through Redis.
  const ownWrites = logShared ? io.local : io;
  const sessionEndings = new SessionEndings(io, registry, deps.clock, timers, ownWrites);
  const media = new MediaCoordinator(registry, {
    reconcileMs: deps.mediaReconcileMs,
    clock: deps.clock,
    metrics,
    lease: timedWork,
    ...(deps.cluster ? { claimOnce: deps.cluster.claimOnce, share: (change: PresenceChange) => io.serverSideEmit('presence:changed', change) } : {}),
  });
  // What another node's coordinator learned of presence (the Redis adapter's inter-node channel).
  if (deps.cluster) io.on('presence:changed', (change: unknown) => media.applyShared(change));
  const mediaRealtime = attachMediaRealtime(io, media, deps.clock);
  const captionLiveness = attachCaptionLiveness(io, registry, deps.clock, timers, ownWrites);
  const recorder = deps.floor
    ? new RecorderCoordinator(registry, { dataDir: deps.floor.dataDir, clock: deps.clock, restartDelaysMs: deps.floor.restartDelaysMs })
    : null;
  if (recorder) media.onConnected((bridge) => recorder.attachMedia(bridge));
  const archiveAudio = deps.floor
    ? new ArchiveAudio({
      dataDir: deps.floor.dataDir,
      ffmpegPath: deps.floor.ffmpegPath,
      settled: async (meetingId) => recorder?.stopped(meetingId),
    })
    : null;
  const archive = new ArchiveService(registry, store, deps.clock, archiveAudio);
  const printer = deps.pdf ? new PdfPrinter(deps.pdf) : null;
  const shelf = new ArchiveShelf(deps.archiveDir);
  const renderer = new ArchiveRenderer();
  shelf.pruneEarlierVersions().catch((error: unknown) => logger.warn({ err: error }, 'could not remove the archive files of earlier versions'));
  // A sealed record (its audio cut first) is rendered and printed at once, so the first reader waits for neither.
  archive.onSealed((record) => {
    shelveRecord(shelf, renderer, record.meeting.id, async () => record, printer !== null).catch((error: unknown) =>
      logger.error({ err: error, meetingId: record.meeting.id }, 'could not shelve an archived record'),
    );
  });
  if (printer) archive.onSealed((record) => printRecord(printer, renderer, record));
  // The rooms' side effects, in this order: tell the connections first, then LiveKit, then the
  // recorder (stopped before the archive cuts its audio), the caption feeds, then the archive.
  const subscribersHere = (meetingId: string, language: Language) => {
    const room = captionRoom(meetingId, language);
    return (io.sockets.adapter.rooms.get(room)?.size ?? 0) + eventStreams.countIn(room);
  };
  registry.setExtensions([
    broadcastExtension(io, feeds, ownWrites),
    captionLiveness.extension,
    sessionEndings.extension(),
    {
      name: 'metrics',
      captionCommitted: ({ meetingId, language, entry }) => {
        if (entry.command.type === 'caption:write') metrics.captionDeltasIn(1);
        metrics.captionDeltasOut(subscribersHere(meetingId, language));
      },
      // An entry another node wrote, told by this node to its own subscribers (a shared log).
      captionFollowed: ({ meetingId, language }) => metrics.captionDeltasOut(subscribersHere(meetingId, language)),
    },
    media.extension(),
    mediaRealtime.extension,
    ...(recorder ? [recorder.extension()] : []),
    streamTextPulls.extension(),
    captionTcp.extension(),
    captionDesk.extension(),
    archive.extension(),
  ]);

  // Before the general API, whose catch-all answers unknown /api paths.
  const ingestDeps = { registry, captions, desk: captionDesk, signer, clock: deps.clock };
  const deskParts = { desk: captionDesk, pulls: streamTextPulls, tcp: captionTcp };
  // A console asks every node, through the Redis adapter, what its part of the desk knows.
  if (deps.cluster) {
    io.on('desk:report', (meetingId: unknown, answer: unknown) => {
      if (typeof meetingId === 'string' && typeof answer === 'function') answer(localDeskPart(deskParts, meetingId));
    });
  }
  const otherDesks = deps.cluster
    ? async (meetingId: string): Promise<unknown[]> => {
        try {
          return await io.serverSideEmitWithAck('desk:report', meetingId);
        } catch (error) {
          // A node that did not answer within the adapter's request timeout (dying, or Redis away): the console shows the others.
          logger.warn({ err: error, meetingId }, 'not every node told its part of the caption desk');
          return ((error as { responses?: unknown }).responses as unknown[] | undefined) ?? [];
        }
      }
    : undefined;
  web.use(
    '/api/captions',
    createCaptionDeskRoutes({ ...ingestDeps, ...deskParts, ...(otherDesks ? { otherDesks } : {}), adminToken: deps.adminToken }),
    createCaptionLinesRoute({ registry, captions, signer }),
    createCaptionIngest(ingestDeps),
  );
  // Where Zoom's own host has it: plover2CAT reads `/closedcaption/seq` at the root.
  web.use(createRootCaptionIngest(ingestDeps));
  web.use('/api', createMediaRoutes({ coordinator: media, registry, signer, clock: deps.clock, venue: edge.venue }));
  const { service: cycles } = await mountCycles(web, { ...deps, store, meetings: registry, printer, renderer, publicUrl: () => publicUrl });
  web.use(
    '/api',
    createApi({
      registry,
      signer,
      adminToken: deps.adminToken,
      get publicUrl() {
        return publicUrl;
      },
      linkGraceHours: deps.linkGraceHours,
      registrationLimits: { ...edge.registration, venue: edge.venue },
      mailer: deps.mailer,
      contacts: new ContactBook(store, deps.linkSecret),
      clock: deps.clock,
      newMeetingId: deps.newMeetingId,
      review: {
        preview: (meetingId) => archive.preview(meetingId),
        checkCommand: (meetingId, command, state) => {
          const checked = archive.checkCommand(meetingId, command, state);
          return checked.ok ? cycles.checkMeetingCommand(meetingId, command) : checked;
        },
      },
    }),
  );
  web.use('/archive', createArchiveRoutes(archive, shelf, renderer, printer, (meetingId) => cycles.archiveFiles(meetingId)));
  web.use(serveClient(deps.clientDistDir));
  // Whatever a route did not answer itself (a page or archive read that hit a failing disk) gets a coded answer, never a stack trace.
  web.use((error: unknown, req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(error);
    answerFailure(error, req, res);
  });

  return {
    registry,
    captions,
    captionDesk,
    streamTextPulls,
    timedWork,
    captionTcp,
    media,
    recorder,
    archive,
    cycles,
    signer,
    httpServer,
    web,
    eventStreamRoutes: streamListener.routes,
    io,
    eventStreams,
    metrics,
    storage,
    readiness,
    async listen(port, host) {
      // Before anyone connects: a changed Engine.IO or ws stops start-up here (fan-out.ts).
      await verifyDirectFrames();
      return new Promise((resolve, reject) => {
        httpServer.once('error', reject);
        httpServer.listen(port, host, () => {
          const address = httpServer.address() as AddressInfo;
          const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
          publicUrl ||= `http://${shownHost}:${address.port}`;
          resolve(publicUrl);
        });
      });
    },
    async close() {
      eventStreams.close();
      await timedWork.close();
      streamTextPulls.close();
      captionTcp.closeAll();
      await registry.close();
      await cycles.cycles.close();
      sessionEndings.close();
      media.close();
      mediaRealtime.close();
      deps.mailer?.close();
      await recorder?.close();
      await renderer.close();
      await io.close();
      await deps.cluster?.close();
      storage.close();
      await deps.store.close();
    },
  };
}
