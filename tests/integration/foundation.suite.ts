// Issue 2's integration suite, run once on PGlite and once through the Neon serverless driver.
// The caller mocks "@/lib/auth/session", "@/lib/auth" and "next/cache" (see foundation.*.test.ts).
import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/lib/db/open";
import { auditLog, organisations, users } from "@/lib/db/schema";
import { actAs, formData } from "../support/session";

export function foundationSuite(label: string, open: () => Promise<Database>) {
  describe(`foundation (${label})`, () => {
    let d: Database;
    beforeAll(async () => {
      d = await open();
    });

    const counts = async () => ({
      orgs: (await d.select({ n: count() }).from(organisations))[0]!.n,
      users: (await d.select({ n: count() }).from(users))[0]!.n,
      audit: (await d.select({ n: count() }).from(auditLog))[0]!.n,
    });

    const good = {
      organisationName: "Acme Widgets",
      name: "Ada Owner",
      email: "ada@acme.example",
      password: "correct-horse-42",
      timezone: "Asia/Tokyo",
    };

    async function signUp(fields: Record<string, string>) {
      const { signUpAction } = await import("@/app/(auth)/actions");
      return signUpAction({}, formData(fields));
    }

    it("signs up: organisation and owner created together, owner signed in", async () => {
      const { signIn } = await import("@/lib/auth");
      actAs(null);
      const r = await signUp(good);
      expect(r.error).toBeUndefined();
      const [org] = await d.select().from(organisations).where(eq(organisations.slug, "acme-widgets"));
      expect(org?.name).toBe("Acme Widgets");
      // The timezone the form detected (or the owner chose), never a silent UTC.
      expect(org?.timezone).toBe("Asia/Tokyo");
      const [owner] = await d.select().from(users).where(eq(users.orgId, org!.id));
      expect(owner).toMatchObject({ email: "ada@acme.example", role: "owner", status: "active", name: "Ada Owner" });
      expect(owner!.passwordHash).toMatch(/^scrypt\$/);
      expect(owner!.passwordHash).not.toContain(good.password);
      expect(signIn).toHaveBeenCalledWith("credentials", expect.objectContaining({ email: "ada@acme.example", redirectTo: "/admin" }));
      const audit = await d.select().from(auditLog).where(eq(auditLog.orgId, org!.id));
      expect(audit.map((a) => a.action)).toEqual(["organisation.created"]);
    });

    const bad: [string, Record<string, string>, string, RegExp][] = [
      ["email already used", { ...good, organisationName: "Other Org" }, "email", /already exists/],
      ["email used with other case", { ...good, organisationName: "Other Org", email: "ADA@acme.example" }, "email", /already exists/],
      ["weak password (short)", { ...good, email: "b@x.example", organisationName: "B1", password: "abc12" }, "password", /at least 10/],
      ["weak password (letters only)", { ...good, email: "b@x.example", organisationName: "B2", password: "abcdefghijkl" }, "password", /Mix letters/],
      ["weak password (common)", { ...good, email: "b@x.example", organisationName: "B3", password: "password123" }, "password", /too common/],
      ["empty organisation name", { ...good, email: "b@x.example", organisationName: "  " }, "organisationName", /Required/],
      ["empty person name", { ...good, email: "b@x.example", organisationName: "B4", name: "" }, "name", /Required/],
      ["10 kB name", { ...good, email: "b@x.example", organisationName: "B5", name: "x".repeat(10_240) }, "name", /under 120/],
      ["malformed email", { ...good, email: "not-an-email", organisationName: "B6" }, "email", /valid email/],
      ["duplicate slug", { ...good, email: "c@x.example", organisationName: "Acme Widgets" }, "slug", /taken/],
      ["unknown timezone", { ...good, email: "d@x.example", organisationName: "D1", timezone: "Mars/Olympus" }, "timezone", /from the list/],
      ["no timezone", { ...good, email: "d@x.example", organisationName: "D2", timezone: "" }, "timezone", /from the list/],
      ["unknown locale", { ...good, email: "d@x.example", organisationName: "D3", locale: "xx-YY" }, "locale", /from the list/],
      ["bad explicit slug", { ...good, email: "c@x.example", organisationName: "C", slug: "Bad Slug!" }, "slug", /Lowercase/],
    ];
    for (const [what, fields, field, message] of bad) {
      it(`rejects sign-up with ${what}: field error, values kept, nothing written`, async () => {
        const before = await counts();
        const r = await signUp(fields);
        expect(r.ok).toBe(false);
        expect(r.fieldErrors?.[field]?.join(" ")).toMatch(message);
        expect(r.values?.organisationName).toBe(fields.organisationName);
        expect(r.values?.email).toBe(fields.email);
        expect(r.values?.password).toBeUndefined();
        expect(await counts()).toEqual(before);
      });
    }

    it("signs up with the date format the form detected or the owner chose", async () => {
      actAs(null);
      const r = await signUp({ ...good, organisationName: "Kyoto Clocks", email: "k@kyoto.example", locale: "en-US" });
      expect(r.error).toBeUndefined();
      const [org] = await d.select().from(organisations).where(eq(organisations.slug, "kyoto-clocks"));
      expect(org).toMatchObject({ timezone: "Asia/Tokyo", locale: "en-US" });
    });

    describe("settings", () => {
      const orgA = { id: "" };
      const admin = { id: "" };
      const employee = { id: "" };
      beforeAll(async () => {
        const [o] = await d.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, "acme-widgets"));
        orgA.id = o!.id;
        const [a] = await d.select({ id: users.id }).from(users).where(eq(users.orgId, orgA.id));
        admin.id = a!.id;
        const [e] = await d
          .insert(users)
          .values({ orgId: orgA.id, email: "emp@acme.example", name: "Emp", role: "employee" })
          .returning({ id: users.id });
        employee.id = e!.id;
      });
      const rules = { timezone: "Europe/Paris", workDays: ["1", "2", "3", "4"], shiftStart: "08:30", shiftEnd: "16:30", graceMinutes: "10" };
      const update = async (fields: Record<string, string | string[]>) => {
        const { updateRulesAction } = await import("@/app/admin/settings/actions");
        return updateRulesAction({}, formData(fields));
      };
      const orgRow = async () => (await d.select().from(organisations).where(eq(organisations.id, orgA.id)))[0]!;

      it("saves valid rules and audits the change", async () => {
        actAs({ id: admin.id, orgId: orgA.id, role: "owner" });
        const r = await update(rules);
        expect(r).toMatchObject({ ok: true });
        const o = await orgRow();
        expect(o.timezone).toBe("Europe/Paris");
        expect(o.locale).toBe("en-GB"); // a form without the field leaves the locale as it was
        expect(o.settings).toMatchObject({ workDays: [1, 2, 3, 4], shiftStart: "08:30", shiftEnd: "16:30", graceMinutes: 10, overnight: false });
        const [entry] = await d.select().from(auditLog).where(eq(auditLog.action, "settings.updated"));
        expect(entry?.actorId).toBe(admin.id);
        expect((entry?.data as { changes: Record<string, unknown> }).changes).toHaveProperty("timezone");
      });

      const invalid: [string, Record<string, string | string[]>, string][] = [
        ["bad timezone", { ...rules, timezone: "Mars/Olympus" }, "timezone"],
        ["unlisted locale", { ...rules, locale: "tlh-KX" }, "locale"],
        ["end before start", { ...rules, shiftStart: "17:00", shiftEnd: "09:00" }, "shiftEnd"],
        ["negative grace", { ...rules, graceMinutes: "-5" }, "graceMinutes"],
        ["no working day", { ...rules, workDays: [] }, "workDays"],
        ["malformed time", { ...rules, shiftStart: "25:00" }, "shiftStart"],
      ];
      for (const [what, fields, field] of invalid) {
        it(`rejects ${what} and changes nothing`, async () => {
          actAs({ id: admin.id, orgId: orgA.id, role: "owner" });
          const before = await orgRow();
          const auditBefore = (await counts()).audit;
          const r = await update(fields);
          expect(r.ok).toBe(false);
          expect(r.fieldErrors?.[field]?.length).toBeGreaterThan(0);
          expect(await orgRow()).toEqual(before);
          expect((await counts()).audit).toBe(auditBefore);
        });
      }

      it("saves the date format, audits it, and the organisation's pages write dates that way", async () => {
        actAs({ id: admin.id, orgId: orgA.id, role: "owner" });
        expect(await update({ ...rules, locale: "en-US" })).toMatchObject({ ok: true });
        const o = await orgRow();
        expect(o.locale).toBe("en-US");
        const { formatDate, orgClock } = await import("@/lib/format");
        expect(formatDate(new Date("2026-03-08T12:00:00Z"), orgClock(o))).toBe("Mar 8, 2026");
        const entries = await d.select().from(auditLog).where(eq(auditLog.action, "settings.updated"));
        expect(entries.map((e) => (e.data as { changes: Record<string, unknown> }).changes.locale)).toContainEqual({ from: "en-GB", to: "en-US" });
        expect(await update({ ...rules, locale: "en-GB" })).toMatchObject({ ok: true });
      });

      it("accepts an overnight shift only when marked overnight", async () => {
        actAs({ id: admin.id, orgId: orgA.id, role: "owner" });
        const r = await update({ ...rules, shiftStart: "22:00", shiftEnd: "06:00", overnight: "on" });
        expect(r.ok).toBe(true);
        expect((await orgRow()).settings).toMatchObject({ overnight: true, shiftStart: "22:00", shiftEnd: "06:00" });
      });

      it("refuses an employee and a signed-out visitor, changing nothing", async () => {
        const before = await orgRow();
        actAs({ id: employee.id, orgId: orgA.id, role: "employee" });
        expect(await update({ ...rules, timezone: "Asia/Tokyo" })).toMatchObject({ ok: false, error: expect.stringMatching(/permission/) });
        actAs(null);
        expect(await update({ ...rules, timezone: "Asia/Tokyo" })).toMatchObject({ ok: false, error: expect.stringMatching(/sign in/i) });
        actAs({ id: employee.id, orgId: orgA.id, role: "owner" }); // a forged role claim: the DB row decides
        expect(await update({ ...rules, timezone: "Asia/Tokyo" })).toMatchObject({ ok: false });
        expect(await orgRow()).toEqual(before);
      });
    });
  });
}
