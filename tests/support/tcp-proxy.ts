// A loopback TCP proxy in front of a real server (PostgreSQL here), so a test can take the
// server away from the app and give it back without stopping the shared server itself:
// `cut()` drops every open connection and hangs up on new ones at once, `restore()`
// passes them through again.
import net from "node:net";

export type TcpProxy = { port: number; cut: () => void; restore: () => void; close: () => Promise<void> };

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let down = false;
  const open = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    open.add(s);
    s.on("close", () => open.delete(s));
    s.on("error", () => s.destroy());
  };
  const server = net.createServer((client) => {
    track(client);
    if (down) return void client.destroy();
    const upstream = net.connect(target);
    track(upstream);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A fresh test database behind a proxy (the app gets `proxiedUrl`), a direct connection
 * for the test's own reads, and one user with an API token. `dispose` undoes it all.
 */
export async function proxiedTestDatabase(user: { id: string; name: string }) {
  const { createTestDatabase } = await import("./test-db");
  const { createDb } = await import("../../server/adapters/db/client");
  const { createApiToken } = await import("../../server/users/api-tokens");
  const database = await createTestDatabase();
  const target = new URL(database.url);
  const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  const proxied = new URL(database.url);
  proxied.port = String(proxy.port);
  const direct = createDb({ url: database.url, max: 2 });
  await direct.db.user.create({ data: user });
  const token = (await createApiToken(direct.db, user.id, "test")).token;
  return {
    proxy,
    proxiedUrl: proxied.toString(),
    db: direct.db,
    token,
    dispose: async () => {
      await proxy.close();
      await direct.db.$disconnect();
      await direct.pool.end();
      await database.drop();
    },
  };
}
