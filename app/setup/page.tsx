import type { Metadata } from "next";
import { SignInPage } from "@/components/auth/signin-page";

export const metadata: Metadata = { title: "Set up" };

export default async function Page({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { token } = await searchParams;
  return <SignInPage mode="setup" setupToken={typeof token === "string" ? token : undefined} />;
}
