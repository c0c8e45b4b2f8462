import type { Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";

/** The app served on loopback by @hono/node-server, as `npm start` serves it (Node's HTTP limits apply). */
export async function serveApp(app: Hono): Promise<{ port: number; close(): Promise<void> }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      (server as Server).closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * A request written byte for byte on a socket: no client normalises the path
 * ("/a/../b"), encodes anything or refuses an oversized header. Resolves with
 * the status and the body as text once the server closes or a timeout passes.
 */
export function rawRequest(
  port: number,
  head: string,
  body: Buffer | string = "",
  timeoutMs = 5000,
): Promise<{ status: number; head: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const finish = () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const cut = text.indexOf("\r\n\r\n");
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1] ?? 0);
      resolve({
        status,
        head: cut >= 0 ? text.slice(0, cut) : text,
        body: cut >= 0 ? text.slice(cut + 4) : "",
      });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, timeoutMs);
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", (err) => {
      clearTimeout(timer);
      // A server that resets the connection after answering still answered.
      if (chunks.length > 0) finish();
      else reject(err);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      finish();
    });
    socket.write(head.endsWith("\r\n\r\n") ? head : `${head}\r\n\r\n`, "latin1");
    if (body.length > 0) socket.write(body);
  });
}
