// The e-mail choice on /me (shared by the form and its action).
import { z } from "zod";

export const emailRemindersSchema = z.object({ emailReminders: z.boolean() }).strict();
