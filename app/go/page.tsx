import { redirect } from "next/navigation";
import { currentSession } from "@/lib/auth/session";

/** Where a signed-in person belongs: admins to the dashboard, employees to check-in. */
export default async function Go() {
  const s = await currentSession();
  if (!s) redirect("/sign-in");
  redirect(s.role === "employee" ? "/check-in" : "/admin");
}
