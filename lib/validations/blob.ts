// The blob route's input: a stored object's key (app/api/blob/[...key]).
import { z } from "zod";
import { isValidKey } from "@/lib/storage/keys";

export const blobKeySchema = z.object({ key: z.string().refine(isValidKey, "Invalid key") });
