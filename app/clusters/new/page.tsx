import type { Metadata } from "next";
import { Suspense } from "react";
import { ClusterWizard } from "@/components/clusters/cluster-wizard";

export const metadata: Metadata = { title: "New cluster" };

export default function Page() {
  // the wizard reads ?network= (preselected network); useSearchParams needs a Suspense boundary on a static page
  return (
    <Suspense>
      <ClusterWizard />
    </Suspense>
  );
}
