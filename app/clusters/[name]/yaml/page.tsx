import type { Metadata } from "next";
import { Suspense } from "react";
import { YamlPage } from "@/components/cluster-objects/yaml-page";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `YAML · ${decodeURIComponent((await params).name)}` };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return (
    <Suspense>
      <YamlPage name={name} />
    </Suspense>
  );
}
