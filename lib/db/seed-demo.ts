// The demo organisation created on first dev start so a newcomer can sign in at once.
import "server-only";
import { hashPassword } from "@/lib/auth/password";
import { createHoliday, createLeaveType } from "./queries/leave";
import { createOrganisationWithOwner, getOrganisationBySlug, updateOrganisationSettings } from "./queries/organisations";
import { createShiftTemplate } from "./queries/schedules";

export const DEMO = {
  slug: "demo",
  organisationName: "Demo Ltd",
  ownerName: "Dana Demo",
  email: "owner@demo.clockface.test",
  password: "clockface-demo-2026",
  timezone: "Europe/London",
} as const;

export async function ensureDemoOrganisation(): Promise<boolean> {
  if (await getOrganisationBySlug(DEMO.slug)) return false;
  const { org, owner } = await createOrganisationWithOwner({
    organisationName: DEMO.organisationName,
    slug: DEMO.slug,
    ownerName: DEMO.ownerName,
    email: DEMO.email,
    passwordHash: await hashPassword(DEMO.password),
    timezone: DEMO.timezone,
  });
  await seedDemoTimekeeping(org.id, owner.id, new Date());
  return true;
}

/**
 * What the demo shows of time keeping: three shifts (put people on them at /admin/schedules), leave types with an
 * allowance, the year's Christmas and New Year holidays, and overtime after 8 h a day / 40 h a week. Nobody is on
 * a rota: the owner keeps the organisation's hours.
 */
async function seedDemoTimekeeping(orgId: string, ownerId: string, now: Date): Promise<void> {
  await createShiftTemplate(orgId, ownerId, { name: "Early", start: "06:00", end: "14:00", overnight: false, unpaidBreakMinutes: 30 });
  await createShiftTemplate(orgId, ownerId, { name: "Late", start: "14:00", end: "22:00", overnight: false, unpaidBreakMinutes: 30 });
  await createShiftTemplate(orgId, ownerId, { name: "Night", start: "22:00", end: "06:00", overnight: true, unpaidBreakMinutes: 45 });
  await createLeaveType(orgId, ownerId, { name: "Annual leave", category: "paid", allowanceDays: 25 });
  await createLeaveType(orgId, ownerId, { name: "Sick leave", category: "sick", allowanceDays: null });
  await createLeaveType(orgId, ownerId, { name: "Unpaid leave", category: "unpaid", allowanceDays: null });
  const year = now.getUTCFullYear();
  await createHoliday(orgId, ownerId, { date: `${year}-12-25`, name: "Christmas Day" });
  await createHoliday(orgId, ownerId, { date: `${year + 1}-01-01`, name: "New Year's Day" });
  await updateOrganisationSettings(orgId, ownerId, { overtimeDailyMinutes: 480, overtimeWeeklyMinutes: 2400 }, "settings.demo");
}
