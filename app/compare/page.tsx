import type { Metadata } from "next";
import { Suspense } from "react";
import { ComparePage } from "@/components/compare/compare-page";

export const metadata: Metadata = { title: "Compare" };

export default function Page() {
  // the page reads ?cluster=; useSearchParams needs a Suspense boundary on a static page
  return (
    <Suspense>
      <ComparePage />
    </Suspense>
  );
}
