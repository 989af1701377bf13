import type { Metadata } from "next";
import { Suspense } from "react";
import { HaproxyPage } from "@/components/cluster-objects/haproxy-page";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `HAProxy · ${decodeURIComponent((await params).name)}` };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense>
      <HaproxyPage name={name} />
    </Suspense>
  );
}
