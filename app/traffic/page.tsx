import type { Metadata } from "next";
import { TrafficIndex } from "@/components/traffic/traffic-index";

export const metadata: Metadata = { title: "Traffic" };

export default function Page() {
  return <TrafficIndex />;
}
