// Stamps each incoming request with its TCP peer address (Node only; installed once by instrumentation.ts).
//
// Next.js does not hand the socket to the app, and it fills X-Forwarded-For with the socket address only when
// the client did not send one, so a client reaching the server directly chooses what that header says. The
// stamp is written (or removed) by the server for every request, over any value the client sent under that
// name: lib/checkin/client-ip.ts takes it as the client's address unless proxies are configured.
import http from "node:http";
import https from "node:https";

export const PEER_HEADER = "x-clockface-peer";

const installed = Symbol.for("clockface.peerAddress");

export function installPeerAddressStamp(): void {
  for (const Server of [http.Server, https.Server] as unknown as { prototype: { emit: (event: string | symbol, ...args: unknown[]) => boolean } & Record<symbol, unknown> }[]) {
    const proto = Server.prototype;
    if (proto[installed]) continue;
    const emit = proto.emit;
    proto.emit = function (this: unknown, event: string | symbol, ...args: unknown[]) {
      if (event === "request") {
        const req = args[0] as http.IncomingMessage;
        const peer = req.socket?.remoteAddress;
        if (peer) req.headers[PEER_HEADER] = peer;
        else delete req.headers[PEER_HEADER];
      }
      return emit.call(this, event, ...args);
    };
    proto[installed] = true;
  }
}
