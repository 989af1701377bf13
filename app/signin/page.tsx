import type { Metadata } from "next";
import { SignInPage } from "@/components/auth/signin-page";

export const metadata: Metadata = { title: "Sign in" };

export default async function Page({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  return <SignInPage mode="signin" next={typeof next === "string" ? next : undefined} />;
}
