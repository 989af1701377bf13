import type { Metadata } from "next";
import type { ReactNode } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import "./globals.css";
import { Providers } from "@/components/shell/providers";
import { Sidebar } from "@/components/shell/sidebar";
import { isLang, translate } from "@/lib/i18n/messages";
import { isPublicPage, pagePrincipal } from "@/lib/api/page-auth";

export const metadata: Metadata = {
  title: { default: "hcinet", template: "%s · hcinet" },
  description: "Networking of Kubernetes clusters on Azure Stack HCI / Windows Server (AKS hybrid)",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const jar = await cookies();
  const langCookie = jar.get("hcinet-lang")?.value;
  const lang = isLang(langCookie) ? langCookie : "en";
  const theme = jar.get("hcinet-theme")?.value === "dark" ? "dark" : "light";
  // every page but sign-in and setup needs a valid session (or a Bearer token); the API decides on its own
  const h = await headers();
  const path = h.get("x-hcinet-path") ?? "/";
  const principal = await pagePrincipal(h);
  const publicPage = isPublicPage(path);
  if (!principal && !publicPage) redirect(`/signin?next=${encodeURIComponent(path)}`);
  // sign-in and setup have no sidebar (they carry their own language and theme switches)
  const user = principal ? { username: principal.actor, role: principal.role } : null;
  return (
    <html lang={lang} className={theme === "dark" ? "dark" : ""}>
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers lang={lang} theme={theme}>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 focus:shadow">
            {translate(lang, "shell.skip")}
          </a>
          <div className="flex min-h-screen flex-col md:flex-row">
            {user && !publicPage && <Sidebar user={user} />}
            <main id="main" className="min-w-0 flex-1 px-4 py-6 sm:px-6 lg:px-10">
              {children}
            </main>
          </div>
        </Providers>
      </body>
    </html>
  );
}
