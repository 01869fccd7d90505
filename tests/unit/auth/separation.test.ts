import { describe, expect, it } from "vitest";
import { isSoleOwner, manageRefusal, OWN_RECORD, OWNER_PROTECTED } from "@/lib/auth/separation";

const owner = { id: "o1", role: "owner" as const };
const coOwner = { id: "o2", role: "owner" as const };
const admin = { id: "a1", role: "admin" as const };
const otherAdmin = { id: "a2", role: "admin" as const };
const employee = { id: "e1", role: "employee" as const };

describe("manageRefusal", () => {
  it("refuses one's own record when the action separates duties, and only then", () => {
    expect(manageRefusal(admin, admin, true)).toBe(OWN_RECORD);
    expect(manageRefusal(owner, owner, true)).toBe(OWN_RECORD);
    expect(manageRefusal(admin, admin, false)).toBeNull();
  });

  it("refuses an admin an owner's record, with or without separation; never an owner", () => {
    expect(manageRefusal(admin, owner, true)).toBe(OWNER_PROTECTED);
    expect(manageRefusal(admin, owner, false)).toBe(OWNER_PROTECTED);
    expect(manageRefusal(coOwner, owner, true)).toBeNull();
  });

  it("lets an admin act on another admin's or an employee's record", () => {
    expect(manageRefusal(admin, otherAdmin, true)).toBeNull();
    expect(manageRefusal(admin, employee, true)).toBeNull();
    expect(manageRefusal(owner, employee, true)).toBeNull();
  });
});

describe("an organisation's only owner", () => {
  const active = (p: { id: string; role: "owner" | "admin" | "employee" }, status = "active") => ({ ...p, status });

  it("is the one active owner among the members", () => {
    expect(isSoleOwner(owner, [active(owner), active(admin), active(employee)])).toBe(true);
    expect(isSoleOwner(owner, [active(owner), active(coOwner)])).toBe(false);
    expect(isSoleOwner(owner, [active(owner), active(coOwner, "deactivated")])).toBe(true);
    expect(isSoleOwner(admin, [active(owner), active(admin)])).toBe(false);
  });

  it("may act on their own record; an admin may not, sole owner or not", () => {
    expect(manageRefusal(owner, owner, true, true)).toBeNull();
    expect(manageRefusal(admin, admin, true, true)).toBe(OWN_RECORD);
    expect(manageRefusal(admin, owner, true, true)).toBe(OWNER_PROTECTED);
  });
});
