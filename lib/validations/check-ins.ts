// The dashboard's live feed query (app/api/admin/check-ins): attempts recorded after `after`, at most `limit`.
import { z } from "zod";

export const liveFeedQuerySchema = z.object({
  after: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(15),
});
