import { describe, expect, it } from "vitest";
import { clientIpFromForwardedFor, trustedProxyHops } from "@/lib/checkin/client-ip";

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

describe("trustedProxyHops", () => {
  it("defaults to one hop and accepts whole numbers ≥ 0", () => {
    expect(trustedProxyHops(undefined)).toBe(1);
    expect(trustedProxyHops("")).toBe(1);
    expect(trustedProxyHops("0")).toBe(0);
    expect(trustedProxyHops("3")).toBe(3);
  });
});
