import type { Metadata } from "next";
import { Suspense } from "react";
import { NetworksPage } from "@/components/networks/networks-page";

export const metadata: Metadata = { title: "Networks" };

export default function Page() {
  // the page reads ?new=1 (the New network form is open); useSearchParams needs a Suspense boundary on a static page
  return (
    <Suspense>
      <NetworksPage />
    </Suspense>
  );
}
