import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type OpenedPostgres, openPostgres } from "../../data/pg/open.ts";

/** What .ci/run sets up (data/pg/README.md shows how to start the same server locally). */
export const DEFAULT_TEST_DATABASE_URL = "postgres://resonanz:resonanz@127.0.0.1:5432/postgres";

export interface TestPgDatabase {
  /** A connection URL for the fresh database. */
  url: string;
  name: string;
  /** Removes the database, ending connections still open to it. */
  drop(): Promise<void>;
}

export interface PostgresForTests {
  available: boolean;
  /** Why the PostgreSQL tests cannot run; "" when they can. */
  reason: string;
  /** The server's URL without its password, for messages. */
  where: string;
  /**
   * A new, uniquely named database: test files run in parallel, each in its
   * own. UTF-8 unless `encoding` asks for SQL_ASCII (to test that it is refused).
   */
  createDatabase(options?: { encoding?: "SQL_ASCII" }): Promise<TestPgDatabase>;
}

const adminUrl = process.env.RESONANZ_TEST_DATABASE_URL || DEFAULT_TEST_DATABASE_URL;
let probe: Promise<PostgresForTests> | undefined;

/**
 * The PostgreSQL server the tests use: RESONANZ_TEST_DATABASE_URL, else the
 * local one .ci/run makes. Asked once per test file, with a short timeout.
 */
export function postgresForTests(): Promise<PostgresForTests> {
  probe ??= probeServer(adminUrl);
  return probe;
}

const server = await postgresForTests();
let warned = false;

/**
 * `describe` for tests that need PostgreSQL. Without a reachable server they
 * are skipped with a message, except under CI, where that is a failing test
 * (like the Chromium tests in test/browser/: a suite that skips proves nothing).
 */
export function describePg(name: string, fn: () => void): void {
  if (server.available) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === "true") {
    describe(name, () => {
      it("has a PostgreSQL server to run against", () => {
        throw new Error(`CI=true: ${server.reason}`);
      });
    });
    return;
  }
  if (!warned) {
    warned = true;
    console.warn(`PostgreSQL tests skipped: ${server.reason}`);
  }
  describe.skip(name, fn);
}

export interface PgTestContext {
  readonly database: TestPgDatabase;
  /** The database opened (and migrated) by openPostgres. */
  readonly opened: OpenedPostgres;
}

/**
 * Inside a describePg: a fresh migrated database for the block, dropped after
 * it. Read the fields inside tests or hooks, not while the block is collected.
 */
export function usePgDatabase(): PgTestContext {
  let database: TestPgDatabase | undefined;
  let opened: OpenedPostgres | undefined;
  beforeAll(async () => {
    database = await server.createDatabase();
    opened = await openPostgres(database.url, { max: 4, applicationName: "resonanz test" });
  });
  afterAll(async () => {
    await opened?.close();
    await database?.drop();
  });
  return {
    get database() {
      if (!database) throw new Error("usePgDatabase: no database yet (read it inside a test)");
      return database;
    },
    get opened() {
      if (!opened) throw new Error("usePgDatabase: no database yet (read it inside a test)");
      return opened;
    },
  };
}

async function probeServer(url: string): Promise<PostgresForTests> {
  const where = redact(url);
  const unavailable = (reason: string): PostgresForTests => ({
    available: false,
    reason,
    where,
    createDatabase: () => Promise.reject(new Error(reason)),
  });
  let rows: { version: number; createdb: boolean }[];
  try {
    rows = await withAdmin(
      url,
      async (c) =>
        (
          await c.query<{ version: number; createdb: boolean }>(
            `SELECT current_setting('server_version_num')::int AS version,
                    (SELECT rolcreatedb OR rolsuper FROM pg_roles WHERE rolname = current_user) AS createdb`,
          )
        ).rows,
    );
  } catch (err) {
    const why = describeError(err);
    return unavailable(
      `no PostgreSQL server at ${where} (${why}); start one (data/pg/README.md) or set RESONANZ_TEST_DATABASE_URL`,
    );
  }
  const info = rows[0];
  if (!info || info.version < 130000)
    return unavailable(`PostgreSQL at ${where} is older than 13 (server_version_num ${info?.version})`);
  if (!info.createdb)
    return unavailable(`the role in ${where} may not create databases (ALTER ROLE … CREATEDB)`);
  return {
    available: true,
    reason: "",
    where,
    createDatabase: (options) => createDatabase(url, options?.encoding),
  };
}

async function createDatabase(url: string, encoding?: "SQL_ASCII"): Promise<TestPgDatabase> {
  const name = `resonanz_test_${process.pid}_${randomBytes(4).toString("hex")}`;
  await withAdmin(url, async (c) => {
    if (encoding === "SQL_ASCII") {
      await c.query(
        `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C'`,
      );
      return;
    }
    // UTF-8 with a Unicode-aware ctype whatever the cluster was made with
    // (initdb without a locale gives SQL_ASCII); C.UTF-8 is on every Debian.
    try {
      await c.query(
        `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`,
      );
    } catch {
      // Not a glibc system (no C.UTF-8): the cluster's own locale, still UTF-8.
      await c.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8'`);
    }
  });
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return {
    url: dbUrl.toString(),
    name,
    drop: () =>
      withAdmin(url, async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on("error", () => {});
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Connecting to "localhost" fails with an AggregateError (IPv6 and IPv4) whose own message is empty. */
function describeError(err: unknown): string {
  if (err instanceof AggregateError && !err.message) return err.errors.map(describeError).join("; ");
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name;
  return String(err);
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(an unparsable RESONANZ_TEST_DATABASE_URL)";
  }
}
