import type { Metadata } from "next";
import { Suspense } from "react";
import { NetworkPoliciesPage } from "@/components/cluster-objects/network-policies-page";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Network policies · ${decodeURIComponent((await params).name)}` };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense>
      <NetworkPoliciesPage name={name} />
    </Suspense>
  );
}
