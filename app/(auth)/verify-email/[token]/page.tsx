import { VerifyEmailForm } from "./verify-form";

export const metadata = { title: "Confirm your e-mail" };

/** A button, not a confirmation on GET: mail scanners open links, people press buttons. */
export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <>
      <h1 className="text-xl font-semibold">Confirm your e-mail address</h1>
      <p className="mt-1 mb-6 text-sm text-slate-600">One click, and your organisation&rsquo;s owner address is confirmed.</p>
      <VerifyEmailForm token={token} />
    </>
  );
}
