// The driver adapter the Prisma CLI migrates through. Three workarounds for
// @prisma/adapter-pg 6.19 (measured, see shared PLATFORM-NOTES and ADR 0002):
// 1. the schema engine's introspection returns catalog columns of type "char" (OID 18)
//    and name (OID 19), which the adapter cannot deserialize: report them as text;
// 2. its shadow database is dropped while its own pool still holds it, and leaks:
//    use one fixed shadow database per target database, recreated on each connect;
// 3. it runs a migration script by splitting it at every ";" — inside a function body,
//    a string or a comment too — and sending the pieces to whichever pooled connection
//    is free: send the whole script as one simple-protocol query on one connection, as
//    Prisma's native schema engine does (PostgreSQL splits it properly).
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgConfigFromUrl, schemaFromUrl } from "./pg-config";

const TEXT_OID = 25;
const CATALOG_OIDS = new Set([18, 19]);

type QueryResultLike = { fields?: Array<{ dataTypeID: number }> };

function asText<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const f of (r as QueryResultLike | undefined)?.fields ?? []) {
      if (CATALOG_OIDS.has(f.dataTypeID)) f.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

class CatalogAsTextClient extends pg.Client {
  // pg's overloads are too many to restate. pg.Pool calls the callback form, the
  // adapter's own clients the promise form: patch the result either way.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- overrides pg.Client.query, whose overloads return different things
  query(...args: unknown[]): any {
    const last = args.length - 1;
    if (typeof args[last] === "function") {
      const cb = args[last] as (err: unknown, res: unknown) => void;
      args[last] = (err: unknown, res: unknown) => cb(err, err ? res : asText(res));
    }
    const out = (super.query as (...a: unknown[]) => unknown)(...args);
    if (out && typeof (out as Promise<unknown>).then === "function") {
      return (out as Promise<unknown>).then(asText);
    }
    return out;
  }
}

type ScriptRunner = { executeScript(script: string): Promise<void> };

function wholeScripts<T extends ScriptRunner>(adapter: T): T {
  const pool = (adapter as unknown as { underlyingDriver(): pg.Pool }).underlyingDriver();
  // The adapter's own error mapping, so the CLI reports a failed script as it would have.
  const mapError = (adapter as unknown as { onError(e: unknown): never }).onError.bind(adapter);
  adapter.executeScript = async (script: string) => {
    try {
      await pool.query(script);
    } catch (e) {
      mapError(e);
    }
  };
  return adapter;
}

class ShadowAwarePg extends PrismaPg {
  constructor(
    private readonly base: pg.PoolConfig,
    private readonly schema: string | undefined,
  ) {
    super(base, schema ? { schema } : undefined);
  }

  async connect() {
    return wholeScripts(await super.connect());
  }

  async connectToShadowDb() {
    const shadowName = `${this.base.database}_prisma_shadow`.slice(0, 63);
    const admin = new pg.Client({ ...this.base, database: "postgres" });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      await admin.query(`CREATE DATABASE "${shadowName}"`);
    } finally {
      await admin.end();
    }
    const shadow = wholeScripts(await new PrismaPg({ ...this.base, database: shadowName }).connect());
    const dispose = shadow.dispose.bind(shadow);
    shadow.dispose = async () => {
      await dispose();
      const cleanup = new pg.Client({ ...this.base, database: "postgres" });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS "${shadowName}" WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    };
    return shadow;
  }
}

export function createMigrationAdapter(url: string) {
  const base: pg.PoolConfig = {
    ...pgConfigFromUrl(url),
    Client: CatalogAsTextClient,
    // The CLI would otherwise idle ~10 s on open connections before exiting.
    allowExitOnIdle: true,
    idleTimeoutMillis: 200,
  };
  return new ShadowAwarePg(base, schemaFromUrl(url));
}
