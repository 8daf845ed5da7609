import { MediaJoin } from '../../../shared/protocol/media.js';
import { errorOfAnswer, NetworkError, Refusal } from '../failures.js';

export type MediaJoinResult = { kind: 'join'; join: MediaJoin } | { kind: 'unavailable' } | { kind: 'preparing' };

/**
 * Asks the server for a LiveKit token with the link's own secret. Tokens are short-lived and
 * carry the permission of the moment (publishing only for a remote floor holder), so every
 * join and rejoin asks again.
 */
export async function requestMediaJoin(linkToken: string): Promise<MediaJoinResult> {
  let response: Response;
  try {
    response = await fetch('/api/media/token', {
      method: 'POST',
      headers: { Accept: 'application/json', Authorization: `Bearer ${linkToken}` },
      cache: 'no-store',
    });
  } catch {
    throw new NetworkError('No answer from /api/media/token');
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const join = MediaJoin.safeParse(payload);
    if (join.success) return { kind: 'join', join: join.data };
    throw new Refusal({ code: 'INTERNAL', message: 'The server answered /api/media/token with something else than a token' });
  }
  const error = errorOfAnswer(payload, response);
  if (error.code === 'MEDIA_UNAVAILABLE') return { kind: 'unavailable' };
  if (error.code === 'MEDIA_PREPARING') return { kind: 'preparing' };
  throw new Refusal(error);
}
