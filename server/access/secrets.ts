import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const StoredSecrets = z.object({ adminToken: z.string().min(24), linkSecret: z.string().min(32) });
export type Secrets = z.infer<typeof StoredSecrets>;

/**
 * Secrets not given in the environment are generated on first start and kept beside the
 * data, so links handed out before a restart keep working after it.
 */
export function loadSecrets(dataDir: string, given: Partial<Secrets>): Secrets {
  const file = join(dataDir, 'secrets.json');
  const stored = existsSync(file) ? StoredSecrets.parse(JSON.parse(readFileSync(file, 'utf8'))) : null;
  const secrets = stored ?? {
    adminToken: randomBytes(24).toString('base64url'),
    linkSecret: randomBytes(32).toString('base64url'),
  };
  if (!stored) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  }
  return {
    adminToken: given.adminToken ?? secrets.adminToken,
    linkSecret: given.linkSecret ?? secrets.linkSecret,
  };
}
