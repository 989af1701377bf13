import type { Metadata } from "next";
import { Suspense } from "react";
import { TrafficPage } from "@/components/traffic/traffic-page";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `Traffic · ${decodeURIComponent((await params).name)}` };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  // the page reads ?from=&to=&plugin=; useSearchParams needs a Suspense boundary
  return (
    <Suspense>
      <TrafficPage name={name} />
    </Suspense>
  );
}
