// Inputs shared by many actions: nothing, or the id of one person or device.
import { z } from "zod";

/** An action that takes no input. */
export const noInputSchema = z.object({});

export const userIdSchema = z.object({ userId: z.uuid() });

export const deviceIdSchema = z.object({ deviceId: z.uuid() });
