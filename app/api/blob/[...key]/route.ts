import { ADMINS } from "@/lib/auth/guard";
import { route } from "@/lib/auth/route";
import { AppError } from "@/lib/errors";
import { objectStore, orgOfKey } from "@/lib/storage";
import { blobKeySchema } from "@/lib/validations/blob";

export const dynamic = "force-dynamic";

/** Streams a stored object to an admin of the organisation that owns it; anyone else gets 404. */
export const GET = route(
  {
    roles: ADMINS,
    schema: blobKeySchema,
    input: (_req, params: { key: string[] }) => ({ key: params.key.join("/") }),
  },
  async ({ key }, { orgId }) => {
    if (orgOfKey(key) !== orgId) throw new AppError("not-found");
    const obj = await objectStore().get(key);
    if (!obj) throw new AppError("not-found");
    return new Response(obj.body, {
      headers: {
        "Content-Type": obj.contentType,
        "Cache-Control": "private, no-store",
        "Cross-Origin-Resource-Policy": "same-origin",
        ...(obj.size != null ? { "Content-Length": String(obj.size) } : {}),
      },
    });
  },
);
