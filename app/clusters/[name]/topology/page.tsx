import type { Metadata } from "next";
import { Suspense } from "react";
import { TopologyPage } from "@/components/topology/topology-page";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Topology · ${decodeURIComponent((await params).name)}` };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense>
      <TopologyPage name={name} />
    </Suspense>
  );
}
