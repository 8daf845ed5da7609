import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const StoredSecrets = z.object({ adminToken: z.string().min(24), linkSecret: z.string().min(32) });
export type Secrets = z.infer<typeof StoredSecrets>;

export class SecretsError extends Error {}

function readStored(file: string): Secrets | null {
  if (!existsSync(file)) return null;
  try {
    return StoredSecrets.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch (error) {
    const reason = error instanceof z.ZodError ? 'a field is missing or too short' : error instanceof Error ? error.message : String(error);
    throw new SecretsError(
      `${file} cannot be read (${reason}). Restore it from a backup; or move it away to generate new secrets, which ends every link issued so far.`,
    );
  }
}

/**
 * Secrets not given in the environment are generated on first start and kept beside the
 * data, so links handed out before a restart keep working after it.
 */
export function loadSecrets(dataDir: string, given: Partial<Secrets>): Secrets & { adminTokenIsNew: boolean } {
  const file = join(dataDir, 'secrets.json');
  const stored = readStored(file);
  const secrets = stored ?? {
    adminToken: randomBytes(24).toString('base64url'),
    linkSecret: randomBytes(32).toString('base64url'),
  };
  if (!stored) {
    try {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      // Written aside, then renamed: a full disk never leaves a truncated secrets file behind.
      writeFileSync(`${file}.partial`, JSON.stringify(secrets), { mode: 0o600 });
      renameSync(`${file}.partial`, file);
    } catch (error) {
      rmSync(`${file}.partial`, { force: true });
      throw new SecretsError(
        `${file} cannot be written (${error instanceof Error ? error.message : String(error)}). Free space or fix the permissions of ${dataDir}, then start again; or give ADMIN_TOKEN and LINK_SECRET in the environment.`,
      );
    }
  }
  return {
    adminToken: given.adminToken ?? secrets.adminToken,
    linkSecret: given.linkSecret ?? secrets.linkSecret,
    // Shown once, on the start that made it; never when the operator set ADMIN_TOKEN.
    adminTokenIsNew: !stored && given.adminToken === undefined,
  };
}
