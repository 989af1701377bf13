import type { Metadata } from "next";
import { Suspense } from "react";
import { PoliciesPage } from "@/components/policies/policies-page";

export const metadata: Metadata = { title: "Policies" };

export default function Page() {
  // the page reads ?cluster=&port=&from=&to=; useSearchParams needs a Suspense boundary on a static page
  return (
    <Suspense>
      <PoliciesPage />
    </Suspense>
  );
}
