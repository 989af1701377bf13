import type { Metadata } from "next";
import { TopologyPicker } from "@/components/topology/topology-picker";

export const metadata: Metadata = { title: "Topology" };

export default function Page() {
  return <TopologyPicker />;
}
