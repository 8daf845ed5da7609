import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A real small file system (tmpfs) mounted on a fresh folder, so that a disk is really full:
 * SQLite and Node see the kernel's own ENOSPC, not a stand-in. Needs root (or CAP_SYS_ADMIN),
 * as CI has (infra/install-test-deps.sh installs packages as root). `unmount` may be called
 * more than once; a mount left by a killed test run is removed by the next one.
 */
export interface SmallDisk {
  dir: string;
  /** Writes a filler file until the disk refuses: the disk is then full to its last byte. */
  fill(): void;
  /** Removes the filler: the space is back. */
  free(): void;
  unmount(): void;
}

const PREFIX = 'openfloor-disk-';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Mounts left by a test run that was killed before its clean-up (their process is gone) are removed first. */
function removeStaleMounts(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = Number(name.slice(PREFIX.length).split('-')[0]);
    if (!name.startsWith(PREFIX) || !Number.isInteger(pid) || alive(pid)) continue;
    const dir = join(tmpdir(), name);
    try {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
    } catch {
      // Not mounted any more: only the folder is left.
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

export function mountSmallDisk(sizeBytes: number, readOnly = false): SmallDisk {
  removeStaleMounts();
  const dir = mkdtempSync(join(tmpdir(), `${PREFIX}${process.pid}-`));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes},mode=0700${readOnly ? ',ro' : ''}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`this test needs a real small file system: mounting a tmpfs failed (${stderr || String(error)}); run the tests as root, as CI does`);
  }
  const filler = join(dir, 'filler');
  let mounted = true;
  return {
    dir,
    fill() {
      const fd = openSync(filler, 'a');
      const block = Buffer.alloc(64 * 1024, 1);
      try {
        for (;;) writeSync(fd, block);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      }
      // The last partial block: down to the byte.
      try {
        for (;;) writeSync(fd, block, 0, 512);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        closeSync(fd);
      }
    },
    free() {
      rmSync(filler, { force: true });
    },
    unmount() {
      if (!mounted) return;
      mounted = false;
      // Lazy: a server killed a moment ago may still hold a file open.
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
