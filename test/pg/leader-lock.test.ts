import net from "node:net";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { acquireLeaderLock, type LeaderLock } from "../../data/pg/leader-lock.ts";
import { describePg, usePgDatabase } from "../helpers/postgres.ts";

/** Settles with the loss, or with "still held" after `ms`. */
function lossWithin(lock: LeaderLock, ms: number): Promise<Error | "still held"> {
  return Promise.race([lock.lost, new Promise<"still held">((r) => setTimeout(() => r("still held"), ms))]);
}

/** Acquiring until it works: a terminated backend lets go of its locks a moment after the signal. */
async function acquireSoon(pool: pg.Pool, name: string): Promise<LeaderLock> {
  for (let i = 0; i < 50; i++) {
    const lock = await acquireLeaderLock(pool, name);
    if (lock.held) return lock;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${name}: still locked after 5 s`);
}

describePg("the leader lock on PostgreSQL", () => {
  const t = usePgDatabase();
  // Two processes: say, a `resonanz worker` and a second one started by mistake.
  let poolA: pg.Pool;
  let poolB: pg.Pool;
  beforeAll(() => {
    poolA = new pg.Pool({ connectionString: t.database.url, max: 3 });
    poolB = new pg.Pool({ connectionString: t.database.url, max: 3 });
    for (const p of [poolA, poolB]) p.on("error", () => {});
  });
  afterAll(async () => {
    await poolA?.end();
    await poolB?.end();
  });

  it("is held by one pool at a time, per name, and passes over on release", async () => {
    const a = await acquireLeaderLock(poolA, "collector");
    expect(a.held).toBe(true);
    const b = await acquireLeaderLock(poolB, "collector");
    expect(b.held).toBe(false);
    expect(await lossWithin(b, 10)).toBe("still held"); // a lock never held is never "lost"
    // Session locks are re-entrant: a second acquire in the same process must not share the session.
    const again = await acquireLeaderLock(poolA, "collector");
    expect(again.held).toBe(false);
    const other = await acquireLeaderLock(poolB, "reports");
    expect(other.held).toBe(true);

    await a.release();
    expect(a.held).toBe(false);
    await a.release(); // twice is harmless
    expect(await lossWithin(a, 10)).toBe("still held"); // releasing is not losing
    const b2 = await acquireLeaderLock(poolB, "collector");
    expect(b2.held).toBe(true);
    await b2.release();
    await other.release();
    // Nothing is kept checked out after release.
    expect(poolA.totalCount - poolA.idleCount).toBe(0);
    expect(poolB.totalCount - poolB.idleCount).toBe(0);
  });

  it("is lost, and says so, when the holder's connection ends; then another takes it", async () => {
    const a = await acquireLeaderLock(poolA, "collector");
    expect(a.held).toBe(true);
    // The server ends the holder's session (as on a restart or a network cut noticed by keepalive).
    const killed = await poolB.query<{ n: number }>(
      `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_locks
       WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(killed.rows[0]?.n).toBe(1);
    const loss = await lossWithin(a, 5_000);
    expect(loss).toBeInstanceOf(Error);
    expect(a.held).toBe(false);
    await a.release(); // harmless after a loss

    const b = await acquireSoon(poolB, "collector");
    expect(b.held).toBe(true);
    // The pool dropped the dead connection and works on.
    expect((await poolA.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await b.release();
  });

  it("notices through its heartbeat a connection that stopped answering", async () => {
    // A network cut without a TCP close: the proxy drops everything from now on.
    const proxy = await startProxy(new URL(t.database.url));
    const url = new URL(t.database.url);
    url.host = `127.0.0.1:${proxy.port}`;
    const cutOff = new pg.Pool({ connectionString: url.toString(), max: 2 });
    cutOff.on("error", () => {});
    try {
      const a = await acquireLeaderLock(cutOff, "collector", { heartbeatMs: 100 });
      expect(a.held).toBe(true);
      expect(await lossWithin(a, 300)).toBe("still held"); // heartbeats answered
      proxy.freeze();
      const loss = await lossWithin(a, 5_000);
      expect(loss).toBeInstanceOf(Error);
      expect(String(loss)).toMatch(/heartbeat failed/);
      expect(a.held).toBe(false);
      // The server frees the lock once it sees the session gone (here: the proxy closes it).
      proxy.cut();
      const b = await acquireSoon(poolB, "collector");
      await b.release();
    } finally {
      proxy.cut();
      await proxy.close();
      await cutOff.end().catch(() => {});
    }
  });
});

interface Proxy {
  port: number;
  /** From now on, drop every byte both ways, keeping the connections open. */
  freeze(): void;
  /** Close every connection. */
  cut(): void;
  close(): Promise<void>;
}

/** A loopback TCP proxy to the database server that can fall silent, like a cut network. */
async function startProxy(target: URL): Promise<Proxy> {
  let frozen = false;
  const sockets = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    sockets.add(s);
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  };
  const server = net.createServer((down) => {
    const up = net.connect(Number(target.port || 5432), target.hostname);
    track(down);
    track(up);
    down.on("data", (d) => frozen || up.write(d));
    up.on("data", (d) => frozen || down.write(d));
    down.on("close", () => up.destroy());
    up.on("close", () => down.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    freeze: () => {
      frozen = true;
    },
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
