import type { ReactNode } from "react";
import { ClusterFrame } from "@/components/cluster-objects/cluster-tabs";

/** Every page of one cluster: breadcrumb, tab bar (overview and object tabs) and the Import dialog. */
export default async function ClusterLayout({ children, params }: { children: ReactNode; params: Promise<{ name: string }> }) {
  const name = decodeURIComponent((await params).name);
  return <ClusterFrame name={name}>{children}</ClusterFrame>;
}
