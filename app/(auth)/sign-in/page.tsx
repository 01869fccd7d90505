import Link from "next/link";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; reset?: string }> }) {
  const { callbackUrl, reset } = await searchParams;
  return (
    <>
      <h1 className="text-xl font-semibold">Sign in</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">Welcome back to Clockface.</p>
      {reset === "1" && (
        <p role="status" className="mb-4 rounded-lg bg-emerald-50 px-3 py-2 text-sm text-emerald-700" data-testid="password-changed">
          Your password is changed: sign in with the new one.
        </p>
      )}
      <SignInForm callbackUrl={typeof callbackUrl === "string" ? callbackUrl : undefined} />
      <p className="mt-6 text-center text-sm text-slate-600">
        New here?{" "}
        <Link href="/sign-up" className="link">
          Create an organisation
        </Link>
      </p>
    </>
  );
}
