/**
 * Bumped on any incompatible change to the socket protocol. Clients send theirs in the
 * handshake; a mismatch is refused with CLIENT_TOO_OLD or SERVER_TOO_OLD so a stale page
 * tells its user to reload instead of misreading messages.
 */
export const PROTOCOL_VERSION = 2;
