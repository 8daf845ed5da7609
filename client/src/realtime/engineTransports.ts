import { transports, type TransportCtor } from 'engine.io-client';

type Packet = Parameters<InstanceType<typeof transports.websocket>['onPacket']>[0];

/**
 * Engine.IO's WebSocket transport, except that a WebSocket closed before the server said
 * anything on it (Engine.IO's open packet, or the answer to an upgrade probe) fails as one that
 * could not be opened. A browser reports no error when an opened WebSocket closes, and Socket.IO
 * counts an attempt as failed only on an error or after its 20 s connect timeout: when a node
 * dies just after taking the connection, the page sat out that timeout even once the network or
 * another node was there, rather than trying again after its usual backoff.
 */
class WebSocketFailingUnanswered extends transports.websocket {
  private answered = false;

  protected override onPacket(packet: Packet): void {
    this.answered = true;
    super.onPacket(packet);
  }

  protected override onClose(details?: { description: string; context?: unknown }): void {
    // Closed by the page itself (no details) or after an error (then already closed): nothing
    // more to report.
    if (!this.answered && details && this.readyState !== 'closed') {
      this.onError('websocket closed before the server answered', details.context);
      return;
    }
    super.onClose(details);
  }
}

export type TransportName = 'websocket' | 'polling';

const byName: Record<TransportName, TransportCtor> = {
  websocket: WebSocketFailingUnanswered,
  polling: transports.polling,
};

/** Socket.IO's transports, polling first as by default, with the WebSocket above. */
export function engineTransports(names: readonly TransportName[] = ['polling', 'websocket']): TransportCtor[] {
  return names.map((name) => byName[name]);
}
