/**
 * Atomic file writes: the data goes to a temporary file in the same folder, is flushed to disk, and
 * is renamed over the target, so a crash leaves either the old file or the new one, never half.
 *
 * A process killed mid-write (SIGKILL, power loss) leaves its temporary file behind; nothing in that
 * process can remove it. The next write into the same folder removes such leftovers, but only those
 * whose writer is provably gone: see {@link removeStaleTempFiles}.
 * @module
 */
import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';

/**
 * This machine's tag in temporary-file names. A pid means nothing on another machine (a folder on a
 * network file system is shared by hosts whose pids overlap), so leftovers are judged only when they
 * name this host.
 */
const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);

/**
 * `.<name>.<pid>.<ms>.h<host>.tmp`, and `.<name>.<pid>.<ms>.tmp` as torchts wrote it before the host
 * tag existed (those are taken as this host's: the leftovers of earlier versions must go too).
 */
const TEMP = /^\..+\.(\d+)\.\d+(?:\.h([0-9a-f]{8}))?\.tmp$/;

/** The temporary file a write of `path` by this process goes through. */
function tempPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.h${HOST}.tmp`);
}

/**
 * Whether process `pid` is alive on this machine. Only ESRCH (no such process) says no; EPERM (it
 * exists, owned by another user) and anything unexpected say yes, so a doubt never deletes a file.
 */
function isAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return true; // 0 and negatives would address process groups
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes, from `folder`, the temporary files of writes whose process has died on this host. Files
 * of live processes stay (one may be writing now), as do those of other hosts. A pid reused since by
 * an unrelated process keeps its leftover until that process ends: the safe side of the doubt.
 * Best effort: a folder that cannot be listed, or a file another process removes first, is skipped.
 *
 * @returns The names removed.
 */
export function removeStaleTempFiles(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || (m[2] !== undefined && m[2] !== HOST) || isAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(folder, name));
      removed.push(name);
    } catch {
      /* gone already, or not a plain file: not ours to force */
    }
  }
  return removed;
}

/**
 * Writes `data` to `path` atomically: a temporary file in the same folder, flushed, renamed over
 * `path`. First removes the temporary files that killed writers left in that folder.
 */
export function writeFileAtomic(path: string, data: Buffer): void {
  // Before writing, not after: the leftovers may be what fills the disk.
  removeStaleTempFiles(dirname(path));
  const tmp = tempPath(path);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w');
    let off = 0;
    while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  }
  try {
    // Make the rename itself durable; not every file system allows opening a folder.
    const dir = openSync(dirname(path), 'r');
    fsyncSync(dir);
    closeSync(dir);
  } catch {
    /* best effort */
  }
}
