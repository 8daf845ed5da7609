import type { AppError } from '../../shared/errors.js';

/** The server refused a request or command with an error of the shared vocabulary. */
export class Refusal extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

/** An HTTP request never got an answer: the server is down or the network is. */
export class NetworkError extends Error {}

/** A command did not reach the server, or its answer did not come back in time. */
export class CommandNotDelivered extends Error {
  constructor(readonly reason: 'offline' | 'timeout') {
    super(reason === 'offline' ? 'Not connected to the server' : 'No answer from the server');
  }
}
