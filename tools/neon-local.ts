// Runs the production Neon driver against a local database: PGlite (with pgvector) served over the Postgres
// wire protocol by @electric-sql/pglite-socket, behind a small WebSocket-to-TCP proxy speaking Neon's
// `/v2?address=host:port` convention. Started and stopped by the test.
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { WebSocketServer, createWebSocketStream } from "ws";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export interface NeonLocal {
  url: string;
  proxy: string;
  stop(): Promise<void>;
}

/** `ports`: the Postgres and WebSocket ports to listen on (default: free ones the system picks). */
export async function startNeonLocal(ports: { pg?: number; ws?: number } = {}): Promise<NeonLocal> {
  const pg = new PGlite({ dataDir: "memory://", extensions: { vector } });
  await pg.waitReady;
  const pgPort = ports.pg ?? (await freePort());
  const server = new PGLiteSocketServer({ db: pg, port: pgPort, host: "127.0.0.1", maxConnections: 10 });
  await server.start();

  // Neon gives each connection its own session; PGlite is one session that every socket connection shares, so a
  // statement a closed connection prepared would "already exist" for the next one. Each new connection therefore
  // starts from a session with no prepared statements, as on Neon (one pool connection at a time: DATABASE_POOL_MAX=1).
  const wsProxy = await startWsProxy(ports.ws, { beforeConnect: () => pg.exec("DEALLOCATE ALL").then(() => undefined) });
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${pgPort}/postgres`,
    proxy: wsProxy.proxy,
    async stop() {
      await wsProxy.stop();
      await server.stop();
      await pg.close();
    },
  };
}

/**
 * Neon's WebSocket-to-TCP proxy convention (`/v2?address=host:port`) in front of any Postgres on loopback, so the
 * production Neon driver can reach a local database (PGlite behind pglite-socket, or a native Postgres).
 */
export async function startWsProxy(port?: number, opts: { beforeConnect?: () => Promise<void> } = {}): Promise<{ proxy: string; stop(): Promise<void> }> {
  const wsPort = port ?? (await freePort());
  const wss = new WebSocketServer({ host: "127.0.0.1", port: wsPort });
  wss.on("connection", async (ws, req) => {
    const address = new URL(req.url ?? "", "http://x").searchParams.get("address") ?? "";
    const [host, target] = address.split(":");
    // Only ever forward to a local database.
    if (host !== "127.0.0.1" && host !== "localhost") return ws.close(1008, "forbidden target");
    ws.pause(); // hold the client's first bytes while the session is prepared
    await opts.beforeConnect?.();
    const tcp = net.connect(Number(target), "127.0.0.1");
    const stream = createWebSocketStream(ws);
    stream.pipe(tcp).pipe(stream);
    ws.resume();
    const end = () => {
      tcp.destroy();
      ws.terminate();
    };
    tcp.on("error", end);
    stream.on("error", end);
  });
  await new Promise<void>((r) => wss.on("listening", () => r()));
  return {
    proxy: `127.0.0.1:${wsPort}`,
    async stop() {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => wss.close(() => r()));
    },
  };
}
