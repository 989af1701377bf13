import type { Metadata } from "next";
import { NetworkDetail } from "@/components/networks/network-detail";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: decodeURIComponent((await params).name) };
}

export default async function Page({ params }: { params: Promise<{ name: string }> }) {
  return <NetworkDetail name={decodeURIComponent((await params).name)} />;
}
