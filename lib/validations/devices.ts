// Device management inputs.
import { z } from "zod";
import { publicJwkSchema } from "@/lib/checkin/signature";

export const renameDeviceSchema = z.object({
  deviceId: z.uuid("Unknown device"),
  name: z.string().trim().min(1, "Give the device a name").max(60, "At most 60 characters"),
});

/** Registering a device's public key (a member's laptop, or a kiosk by an admin); the private key stays in the browser. */
export const registerDeviceSchema = z.object({ name: z.string().trim().min(1).max(80), publicKeyJwk: publicJwkSchema });
