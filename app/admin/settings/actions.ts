"use server";

import { revalidatePath } from "next/cache";
import { formAction } from "@/lib/auth/action";
import { ADMINS } from "@/lib/auth/guard";
import { updateOrganisationSettings } from "@/lib/db/queries/organisations";
import { recognitionSchema, retentionSchema, rulesSchema } from "@/lib/validations/settings";

export const updateRulesAction = formAction(
  { schema: rulesSchema, roles: ADMINS, shape: { arrays: ["workDays"], booleans: ["overnight", "paidBreaks"] } },
  async (input, { orgId, user }) => {
    const { changes } = await updateOrganisationSettings(orgId, user.id, input);
    revalidatePath("/admin", "layout");
    return Object.keys(changes).length ? "Working hours saved." : "Nothing changed.";
  },
);

export const updateRecognitionAction = formAction(
  { schema: recognitionSchema, roles: ADMINS, shape: { arrays: ["livenessSteps"], booleans: ["autoApproveEnrolment"] } },
  async (input, { orgId, user }) => {
    const { changes } = await updateOrganisationSettings(orgId, user.id, input, "settings.recognition.updated");
    revalidatePath("/admin", "layout");
    return Object.keys(changes).length ? "Recognition settings saved." : "Nothing changed.";
  },
);

export const updateRetentionAction = formAction(
  { schema: retentionSchema, roles: ADMINS },
  async (input, { orgId, user }) => {
    const { changes } = await updateOrganisationSettings(orgId, user.id, input, "settings.retention.updated");
    revalidatePath("/admin", "layout");
    return Object.keys(changes).length ? "Retention saved." : "Nothing changed.";
  },
);
