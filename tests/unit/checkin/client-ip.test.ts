import { describe, expect, it } from "vitest";
import { clientIp, clientIpFromForwardedFor } from "@/lib/checkin/client-ip";

describe("clientIpFromForwardedFor", () => {
  it("takes the entry the trusted proxy appended, not what the client sent", () => {
    // client forged "6.6.6.6"; our one proxy appended the address it saw
    expect(clientIpFromForwardedFor("6.6.6.6, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientIpFromForwardedFor("203.0.113.7", 1)).toBe("203.0.113.7");
  });
  it("counts hops from the right behind several proxies", () => {
    expect(clientIpFromForwardedFor("6.6.6.6, 203.0.113.7, 10.0.0.2", 2)).toBe("203.0.113.7");
    expect(clientIpFromForwardedFor("2001:db8::1, 10.0.0.2", 2)).toBe("2001:db8::1");
  });
  it("trusts nothing without a proxy, or with fewer entries than hops", () => {
    expect(clientIpFromForwardedFor("203.0.113.7", 0)).toBeNull();
    expect(clientIpFromForwardedFor("203.0.113.7", 2)).toBeNull();
    expect(clientIpFromForwardedFor(null, 1)).toBeNull();
    expect(clientIpFromForwardedFor("", 1)).toBeNull();
  });
  it("refuses an entry that is not an IP address", () => {
    expect(clientIpFromForwardedFor("1.2.3.4, <script>", 1)).toBeNull();
    expect(clientIpFromForwardedFor("1.2.3.4, unknown", 1)).toBeNull();
    expect(clientIpFromForwardedFor(`1.2.3.4, ${"9".repeat(300)}`, 1)).toBeNull();
  });
});

describe("clientIp", () => {
  const direct = { trustedHops: 0, onVercel: false };
  it("takes the socket's peer by default, whatever X-Forwarded-For the client sends", () => {
    expect(clientIp({ peer: "203.0.113.7", forwardedFor: "6.6.6.6", vercelForwardedFor: "6.6.6.6" }, direct)).toBe("203.0.113.7");
    expect(clientIp({ peer: "::ffff:127.0.0.1", forwardedFor: "6.6.6.6", vercelForwardedFor: null }, direct)).toBe("127.0.0.1");
    expect(clientIp({ peer: "::1", forwardedFor: null, vercelForwardedFor: null }, direct)).toBe("::1");
    expect(clientIp({ peer: null, forwardedFor: "6.6.6.6", vercelForwardedFor: null }, direct)).toBeNull();
    expect(clientIp({ peer: "not an ip", forwardedFor: null, vercelForwardedFor: null }, direct)).toBeNull();
  });
  it("on Vercel takes Vercel's own header, not X-Forwarded-For or the peer", () => {
    const vercel = { trustedHops: 0, onVercel: true };
    expect(clientIp({ peer: "10.0.0.1", forwardedFor: "6.6.6.6", vercelForwardedFor: "198.51.100.4" }, vercel)).toBe("198.51.100.4");
    expect(clientIp({ peer: "10.0.0.1", forwardedFor: "6.6.6.6", vercelForwardedFor: null }, vercel)).toBeNull();
  });
  it("behind configured proxies takes the entry that many from the right", () => {
    const behindOne = { trustedHops: 1, onVercel: false };
    expect(clientIp({ peer: "10.0.0.1", forwardedFor: "6.6.6.6, 203.0.113.7", vercelForwardedFor: null }, behindOne)).toBe("203.0.113.7");
    expect(clientIp({ peer: "10.0.0.1", forwardedFor: null, vercelForwardedFor: null }, behindOne)).toBeNull();
  });
});
