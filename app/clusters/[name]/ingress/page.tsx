import type { Metadata } from "next";
import { Suspense } from "react";
import { IngressPage } from "@/components/cluster-objects/ingress-page";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Ingress · ${decodeURIComponent((await params).name)}` };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense>
      <IngressPage name={name} />
    </Suspense>
  );
}
