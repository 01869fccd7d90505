import { signOutAction } from "@/app/(auth)/actions";

export function SignOutButton() {
  return (
    <form action={async (fd) => { "use server"; await signOutAction({}, fd); }}>
      <button type="submit" className="text-xs font-medium text-slate-600 hover:text-slate-900 hover:underline">
        Sign out
      </button>
    </form>
  );
}
