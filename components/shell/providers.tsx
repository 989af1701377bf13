"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import type { Lang } from "@/lib/i18n/messages";
import { I18nProvider } from "./i18n";
import { ThemeProvider, type Theme } from "./theme";

export function Providers({ lang, theme, children }: { lang: Lang; theme: Theme; children: ReactNode }) {
  const [client] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 5_000, retry: (count, err) => count < 2 && !(err as { status?: number }).status },
        },
      }),
  );
  return (
    <QueryClientProvider client={client}>
      <I18nProvider initial={lang}>
        <ThemeProvider initial={theme}>{children}</ThemeProvider>
      </I18nProvider>
    </QueryClientProvider>
  );
}
