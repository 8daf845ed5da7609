import type { Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';

export interface SecurityOptions {
  /** Where pages reach LiveKit (ws:// or wss://), known only once audio/video is connected. */
  mediaUrl: () => string | null;
}

/** What the pages may use of the device: microphone and camera for remote speakers, nothing else. */
const PERMISSIONS_POLICY = [
  'camera=(self)',
  'microphone=(self)',
  'display-capture=()',
  'geolocation=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'bluetooth=()',
].join(', ');

/** A LiveKit URL as the origin pages connect to: its WebSocket and its HTTP(S) twin (region checks). */
function mediaSources(url: string | null): string[] {
  if (!url) return [];
  try {
    const origin = new URL(url);
    const http = origin.protocol === 'wss:' ? 'https:' : 'http:';
    return [`${origin.protocol}//${origin.host}`, `${http}//${origin.host}`];
  } catch {
    return [];
  }
}

/**
 * Security headers on every response (helmet): a strict Content-Security-Policy that the built
 * client passes (no inline script; styles from files; React sets style properties through the
 * DOM, which CSP does not govern), no framing except the caption overlay (a browser source that
 * production tools may embed), no referrer (meeting pages carry their link in the fragment),
 * nosniff, HSTS, COOP/CORP, and a Permissions-Policy limited to microphone and camera.
 */
export function securityHeaders({ mediaUrl }: SecurityOptions): RequestHandler[] {
  const strict = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'", (_req, _res) => mediaSources(mediaUrl()).join(' ') || "'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: [(req, _res) => (isOverlay(req as Request) ? '*' : "'none'")],
        upgradeInsecureRequests: null,
      },
    },
    // Cross-origin isolation would need every LiveKit resource to opt in; same-origin windows suffice.
    crossOriginEmbedderPolicy: false,
    crossOriginOpenerPolicy: { policy: 'same-origin' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 365 * 24 * 3600, includeSubDomains: true },
    xFrameOptions: false,
  });
  const permissions: RequestHandler = (_req, res: Response, next) => {
    res.setHeader('Permissions-Policy', PERMISSIONS_POLICY);
    next();
  };
  return [strict, permissions];
}

const isOverlay = (req: Request) => /^\/m\/[^/]+\/overlay\/?$/.test(req.path);

/**
 * The archive's record pages carry one inline style sheet (they must read offline, from the
 * bundle): allowed by its hash, nothing else inline.
 */
export function allowInlineStyle(res: Response, hash: string): void {
  const policy = res.getHeader('Content-Security-Policy');
  if (typeof policy === 'string') res.setHeader('Content-Security-Policy', policy.replace(/style-src 'self'/, `style-src 'self' '${hash}'`));
}
