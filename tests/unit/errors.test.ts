// lib/errors.ts: which failures are the service's (answered "unavailable", never recorded as the person's).
import { describe, expect, it } from "vitest";
import { asServiceUnavailable, ServiceUnavailable } from "@/lib/errors";

const errno = (code: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

describe("asServiceUnavailable", () => {
  it("keeps a ServiceUnavailable as it is", () => {
    const e = new ServiceUnavailable("face-models", "model x.onnx unreadable");
    expect(asServiceUnavailable(e)).toBe(e);
    expect(e.logLine).toBe("face-models unavailable: model x.onnx unreadable");
    expect(e.message).toMatch(/^Verification is unavailable right now/);
  });

  it("takes a refused connection inside a query error as the database's, logging the cause and not the query", () => {
    const query = Object.assign(new Error('Failed query: select * from users where id = $1\nparams: 42'), { cause: errno("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:5432") });
    const r = asServiceUnavailable(query);
    expect(r?.component).toBe("database");
    expect(r?.logLine).toBe("database unavailable: Error: connect ECONNREFUSED 127.0.0.1:5432");
    expect(asServiceUnavailable(errno("57P01", "terminating connection due to administrator command"))?.component).toBe("database");
    expect(asServiceUnavailable(errno("08006", "connection failure"))?.component).toBe("database");
  });

  it("takes a file-system error with a path as local storage's", () => {
    const r = asServiceUnavailable(errno("EROFS", "EROFS: read-only file system, open '/data/blob/x.jpg'", { path: "/data/blob/x.jpg", syscall: "open" }));
    expect(r?.component).toBe("storage");
  });

  it("leaves bad statements and ordinary errors alone", () => {
    expect(asServiceUnavailable(errno("23505", "duplicate key value violates unique constraint"))).toBeNull();
    expect(asServiceUnavailable(new Error("JPEG unreadable"))).toBeNull();
    expect(asServiceUnavailable("nope")).toBeNull();
  });
});
