import type { Metadata } from "next";
import { Suspense } from "react";
import { ReportPage } from "@/components/compare/report-page";

export const metadata: Metadata = { title: "Plugin review report" };

export default function Page() {
  return (
    <Suspense>
      <ReportPage />
    </Suspense>
  );
}
