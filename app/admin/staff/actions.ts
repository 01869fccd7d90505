"use server";

import { revalidatePath } from "next/cache";
import { action, messageAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { inviteUrl } from "@/lib/checkin/invite-token";
import { requestOrigin } from "@/lib/checkin/server/request-meta";
import { createInvite, revokeInvite } from "@/lib/db/queries/invites";
import { getOrganisation } from "@/lib/db/queries/organisations";
import { deleteBiometrics, releaseHeldEnrolment, resetEnrolment } from "@/lib/db/queries/templates";
import { getMember } from "@/lib/db/queries/users";
import { AppError } from "@/lib/errors";
import { countOf } from "@/lib/format";
import { changeMemberRole, setMemberStatus } from "@/lib/db/queries/admin-staff";
import { unlockSignIn } from "@/lib/db/queries/sign-in-limits";
import { userIdSchema } from "@/lib/validations/common";
import { changeRoleSchema, deleteBiometricsSchema, inviteIdSchema, inviteSchema, setMemberStatusSchema } from "@/lib/validations/staff";
import { sendMail } from "@/lib/mail";
import { objectStore } from "@/lib/storage";


/** Creates a single-use invite (7 days) and returns the link to copy; e-mails it too (SMTP or the dev outbox). */
export const inviteMemberAction = action({ schema: inviteSchema, roles: ADMINS }, async (input, { user, orgId }) => {
  // Inviting an admin grants the admin role: owners only, like promoting someone (changeRoleAction).
  if (input.role === "admin" && user.role !== "owner") throw new AppError("forbidden", "Only an owner can invite an admin.");
  const { invite, token } = await createInvite({ orgId, actorId: user.id, ...input });
  const link = inviteUrl(await requestOrigin(), token);
  const org = await getOrganisation(orgId);
  let delivery: "smtp" | "outbox" | "none" | "failed";
  try {
    delivery = await sendMail({
      to: input.email,
      subject: `${user.name} invited you to ${org?.name ?? "Clockface"}`,
      text: [
        `Hello ${input.name},`,
        ``,
        `${user.name} invited you to check in at ${org?.name ?? "your organisation"} with Clockface.`,
        `Open this link on the laptop you will use for work, set a password and enrol your face:`,
        ``,
        link,
        ``,
        `The link works once and expires on ${invite.expiresAt.toUTCString()}.`,
      ].join("\n"),
    });
  } catch (e) {
    console.error("invite mail failed:", e instanceof Error ? e.message : "unknown error");
    delivery = "failed";
  }
  revalidatePath("/admin/staff");
  return { inviteId: invite.id, link, delivery, expiresAt: invite.expiresAt.toISOString() };
});

export const revokeInviteAction = messageAction({ schema: inviteIdSchema, roles: ADMINS }, async ({ inviteId }, { user, orgId }) => {
  await revokeInvite(orgId, user.id, inviteId);
  revalidatePath("/admin/staff");
  return "Invite revoked.";
});

/** Re-enrolment: templates removed, state back to "none"; the person captures again on their laptop. */
export const resetEnrolmentAction = messageAction({ schema: userIdSchema, roles: ADMINS, target: (i) => i }, async ({ userId }, { user, orgId }) => {
  await resetEnrolment(orgId, user.id, userId);
  revalidatePath("/admin/staff");
  return "Re-enrolment started: they can enrol again.";
});

/** Releases an enrolment held for a 1:N collision, after the admin has looked at it. */
export const releaseHoldAction = messageAction({ schema: userIdSchema, roles: ADMINS, target: (i) => i }, async ({ userId }, { user, orgId }) => {
  await releaseHeldEnrolment(orgId, user.id, userId);
  revalidatePath("/admin/staff");
  return "Enrolment released.";
});

/** Deletes a person's templates and stored check-in photos (the deletion is audited). */
export const deleteBiometricsAction = messageAction(
  { schema: deleteBiometricsSchema, roles: ADMINS, target: (i) => ({ userId: i.userId }) },
  async ({ userId, reason }, { user, orgId }) => {
    if (!(await getMember(orgId, userId))) throw new AppError("not-found");
    const { templates, cropKeys } = await deleteBiometrics(orgId, user.id, userId, reason);
    if (cropKeys.length) await objectStore().delete(cropKeys);
    revalidatePath("/admin/staff");
    return `Deleted ${countOf(templates, "template")} and ${countOf(cropKeys.length, "photo")}. Attendance records stay.`;
  },
);

/** Deactivates or reactivates a member (rules in lib/db/queries/admin-staff.ts: never yourself, never the last owner). */
export const setMemberStatusAction = messageAction({ schema: setMemberStatusSchema, roles: ADMINS, target: (i) => ({ userId: i.userId }) }, async ({ userId, status }, { orgId, user }) => {
  const { changed } = await setMemberStatus(orgId, user, userId, status);
  revalidatePath("/admin/staff");
  revalidatePath(`/admin/staff/${userId}`);
  if (!changed) return "Nothing changed.";
  return status === "deactivated" ? "Deactivated: they can no longer sign in or check in." : "Reactivated.";
});

/** Changes a member's role (only an owner grants or removes admin and owner; the last owner stays). */
export const changeRoleAction = messageAction({ schema: changeRoleSchema, roles: ADMINS, target: (i) => ({ userId: i.userId }) }, async ({ userId, role }, { orgId, user }) => {
  const { changed } = await changeMemberRole(orgId, user, userId, role);
  revalidatePath("/admin/staff");
  revalidatePath(`/admin/staff/${userId}`);
  return changed ? `Role changed to ${role}.` : "Nothing changed.";
});

/** Lifts a sign-in lockout after too many failed passwords (audited; an owner's only by an owner). */
export const unlockSignInAction = messageAction({ schema: userIdSchema, roles: ADMINS, target: (i) => i }, async ({ userId }, { orgId, user }) => {
  const { cleared } = await unlockSignIn(orgId, user.id, userId);
  revalidatePath(`/admin/staff/${userId}`);
  return cleared ? "Unlocked: they can sign in again." : "Nothing to unlock.";
});
