import Link from "next/link";
import { timezoneList } from "@/lib/validations/timezone";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Create your organisation" };

export default function SignUpPage() {
  return (
    <>
      <h1 className="text-xl font-semibold">Create your organisation</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">You will be its owner and first admin.</p>
      <SignUpForm timezones={timezoneList()} />
      <p className="mt-6 text-center text-sm text-slate-600">
        Already registered?{" "}
        <Link href="/sign-in" className="link">
          Sign in
        </Link>
      </p>
    </>
  );
}
