import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { searchPosts } from "../../collectors/bluesky/api.ts";
import {
  BlueskyLoginError,
  createSessionManager,
  jwtExpiry,
  LOGIN_FAILED,
  LOGIN_RETRY_AFTER_MS,
} from "../../collectors/bluesky/session.ts";
import { createXrpcClient, XrpcError } from "../../collectors/bluesky/xrpc.ts";
import { abortableSleep, newRequestStats } from "../../collectors/http.ts";
import { type FakeBluesky, fakeDid, startFakeBluesky } from "../helpers/fake-bluesky.ts";

const PASSWORD = "abcd-efgh-ijkl-mnop";
const T0 = Date.parse("2025-05-20T12:00:00Z");

describe("Bluesky session against a loopback PDS", () => {
  let fake: FakeBluesky;
  let now: number;
  let lines: string[];
  const signal = new AbortController().signal;

  beforeEach(async () => {
    fake = await startFakeBluesky();
    now = T0;
    lines = [];
    fake.pds.clock = () => now;
    fake.pds.accounts.push({
      identifier: "resonanz.bsky.social",
      password: PASSWORD,
      did: fakeDid("resonanz"),
      handle: "resonanz.bsky.social",
    });
  });
  afterEach(async () => {
    // Nothing secret ever reaches the log, whatever the test did.
    const log = lines.join("");
    expect(log).not.toContain(PASSWORD);
    for (const token of fake.pds.issued) expect(log).not.toContain(token);
    await fake.close();
  });

  function manager(password = PASSWORD, maxRetries = 2) {
    const log = pino({ level: "debug" }, { write: (line: string) => void lines.push(line) });
    const xrpc = createXrpcClient(
      { timeoutMs: 5000, maxRetries, maxRateLimitWaitMs: 1000, backoffBaseMs: 5, userAgent: "Resonanz/test" },
      { fetch, sleep: abortableSleep, random: Math.random, now: () => now },
    );
    const session = createSessionManager(
      { identifier: "Resonanz.bsky.social", password, pds: fake.service },
      { xrpc, now: () => now, log },
    );
    const stats = newRequestStats();
    const search = () =>
      session.withAuth(signal, stats, (token) =>
        searchPosts(
          xrpc,
          session.pds,
          token,
          { q: "#clusterwoche", since: "2025-04-01T00:00:00.000Z", until: new Date(now).toISOString() },
          { signal, stats },
        ),
      );
    return { session, search };
  }

  it("logs in once and reuses the session for every call", async () => {
    const { search } = manager();
    await search();
    await search();
    expect(fake.pds.logins).toEqual([{ identifier: "Resonanz.bsky.social", status: 200 }]);
    expect(fake.pds.searches.map((s) => [s.auth, s.status])).toEqual([
      ["live", 200],
      ["live", 200],
    ]);
    expect(fake.pds.refreshes).toEqual([]);
    // The log says who logged in where (so the no-secrets check after each test has something to read).
    expect(lines.map((l) => JSON.parse(l).msg)).toContain("bluesky session created");
  });

  it("refreshes on ExpiredToken, repeats the call once, and uses the rotated tokens from then on", async () => {
    const { search } = manager();
    await search();
    fake.pds.expireAccessTokens();
    await search();
    await search();
    expect(fake.pds.searches.map((s) => [s.auth, s.status])).toEqual([
      ["live", 200],
      ["expired", 400],
      ["live", 200],
      ["live", 200],
    ]);
    expect(fake.pds.refreshes).toEqual([{ status: 200 }]);
    expect(fake.pds.logins).toHaveLength(1);
  });

  it("refreshes before use when the access token's exp is a minute away (injected clock)", async () => {
    const { search } = manager();
    await search();
    const exp = jwtExpiry(fake.pds.issued[0] as string) as number;
    expect(exp).toBe(T0 + 7200 * 1000);
    now = exp - 30_000;
    await search();
    // No request was wasted on a token about to expire.
    expect(fake.pds.searches.map((s) => s.auth)).toEqual(["live", "live"]);
    expect(fake.pds.refreshes).toEqual([{ status: 200 }]);
    now = exp + 60_000;
    await search();
    expect(fake.pds.refreshes).toHaveLength(1);
  });

  it("logs in again when the refresh token is refused, and when the access token is revoked", async () => {
    const { search } = manager();
    await search();
    fake.pds.expireAccessTokens();
    fake.pds.revokeRefreshTokens();
    await search();
    expect(fake.pds.refreshes).toEqual([{ status: 401 }]);
    expect(fake.pds.logins).toHaveLength(2);
    fake.pds.revokeAccessTokens();
    await search();
    expect(fake.pds.logins).toHaveLength(3);
    expect(fake.pds.searches.map((s) => [s.auth, s.status])).toEqual([
      ["live", 200],
      ["expired", 400],
      ["live", 200],
      ["revoked", 401],
      ["live", 200],
    ]);
  });

  it("fails a bad password with a clear message and tries again only five minutes later", async () => {
    const { search } = manager("wrong-password");
    await expect(search()).rejects.toThrow(new BlueskyLoginError(LOGIN_FAILED));
    expect(fake.pds.logins).toEqual([{ identifier: "Resonanz.bsky.social", status: 401 }]);
    // Any number of calls within five minutes: no request, the same message and when to expect the next try.
    for (const later of [0, 1000, LOGIN_RETRY_AFTER_MS - 1]) {
      now = T0 + later;
      await expect(search()).rejects.toThrow(
        `${LOGIN_FAILED} (next login attempt after ${new Date(T0 + LOGIN_RETRY_AFTER_MS).toISOString()})`,
      );
    }
    expect(fake.pds.logins).toHaveLength(1);
    expect(fake.pds.searches).toEqual([]);
    now = T0 + LOGIN_RETRY_AFTER_MS;
    await expect(search()).rejects.toThrow(LOGIN_FAILED);
    expect(fake.pds.logins).toHaveLength(2);
    // The account's password is fixed meanwhile (here: the fake accepts it): the next window logs in.
    (fake.pds.accounts[0] as { password: string }).password = "wrong-password";
    now += LOGIN_RETRY_AFTER_MS;
    await search();
    expect(fake.pds.logins.map((l) => l.status)).toEqual([401, 401, 200]);
  });

  it("does not retry a rate-limited login and waits five minutes before the next", async () => {
    fake.pds.loginStatus = 429;
    const { search } = manager(PASSWORD, 3);
    await expect(search()).rejects.toThrow(/^Bluesky login rate-limited by http:\/\/127\.0\.0\.1:\d+$/);
    now += 60_000;
    await expect(search()).rejects.toThrow(/rate-limited .*next login attempt after/);
    expect(fake.pds.logins).toEqual([{ identifier: "Resonanz.bsky.social", status: 429 }]);
  });

  it("passes other refusals through with the XRPC error name", async () => {
    const { session } = manager();
    const err = await session
      .withAuth(signal, newRequestStats(), async () => {
        throw new XrpcError(400, "http://x/xrpc/app.bsky.feed.searchPosts", "InvalidRequest", "bad cursor");
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(XrpcError);
    expect((err as XrpcError).message).toBe(
      "HTTP 400 from http://x/xrpc/app.bsky.feed.searchPosts: InvalidRequest",
    );
    expect(fake.pds.refreshes).toEqual([]);
    expect(fake.pds.logins).toHaveLength(1);
  });

  it("reads a JWT's exp and nothing from what is no JWT", () => {
    const claims = Buffer.from(JSON.stringify({ exp: 1_747_000_000 })).toString("base64url");
    expect(jwtExpiry(`h.${claims}.s`)).toBe(1_747_000_000_000);
    expect(jwtExpiry("opaque-token")).toBeNull();
    expect(jwtExpiry("h.!!!.s")).toBeNull();
    expect(jwtExpiry(`h.${Buffer.from('{"exp":"soon"}').toString("base64url")}.s`)).toBeNull();
  });
});
