import type { Metadata } from "next";
import { Suspense } from "react";
import { ServicesPage } from "@/components/cluster-objects/services-page";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Services · ${decodeURIComponent((await params).name)}` };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense>
      <ServicesPage name={name} />
    </Suspense>
  );
}
