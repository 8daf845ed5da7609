import { performance } from 'node:perf_hooks';
import type { MediaBridge } from '../livekit/bridge.js';
import type { LogStore } from '../storage/log.js';
import type { Metrics } from './metrics.js';

/**
 * The store as given, with every `append…` method timed (a single append and any batched
 * form a store offers), failures counted apart: the latency every acknowledgement waits for.
 */
export function meteredStore<S extends LogStore>(store: S, metrics: Metrics): S {
  return new Proxy(store, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !key.startsWith('append') || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const started = performance.now();
        try {
          const result: unknown = await value.apply(target, args);
          metrics.logAppend((performance.now() - started) / 1000, true);
          return result;
        } catch (error) {
          metrics.logAppend((performance.now() - started) / 1000, false);
          throw error;
        }
      };
    },
  });
}

/** Counts each call to the LiveKit server and whether it failed. */
export function meteredBridge(bridge: MediaBridge, metrics: Metrics): MediaBridge {
  const counted = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    try {
      const result = await call();
      metrics.liveKitCall(operation, true);
      return result;
    } catch (error) {
      metrics.liveKitCall(operation, false);
      throw error;
    }
  };
  return {
    get clientUrl() {
      return bridge.clientUrl;
    },
    mintToken: (...args) => counted('mintToken', () => bridge.mintToken(...args)),
    setPermission: (...args) => counted('setPermission', () => bridge.setPermission(...args)),
    listParticipants: (...args) => counted('listParticipants', () => bridge.listParticipants(...args)),
    participant: (...args) => counted('participant', () => bridge.participant(...args)),
    muteTrack: (...args) => counted('muteTrack', () => bridge.muteTrack(...args)),
    receiveWebhook: (...args) => counted('receiveWebhook', () => bridge.receiveWebhook(...args)),
    close: async () => bridge.close?.(),
  };
}
