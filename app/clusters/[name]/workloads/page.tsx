import type { Metadata } from "next";
import { Suspense } from "react";
import { WorkloadsPage } from "@/components/cluster-objects/workloads-page";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Workloads · ${decodeURIComponent((await params).name)}` };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense>
      <WorkloadsPage name={name} />
    </Suspense>
  );
}
