import type { Metadata } from "next";
import { Suspense } from "react";
import { ClusterDetail } from "@/components/clusters/cluster-detail";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense>
      <ClusterDetail name={name} />
    </Suspense>
  );
}
