import type { Metadata } from "next";
import { TokensPage } from "@/components/auth/tokens-page";

export const metadata: Metadata = { title: "Tokens" };

export default function Page() {
  return <TokensPage />;
}
