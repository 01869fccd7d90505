// Device management inputs.
import { z } from "zod";

export const renameDeviceSchema = z.object({
  deviceId: z.uuid("Unknown device"),
  name: z.string().trim().min(1, "Give the device a name").max(60, "At most 60 characters"),
});
