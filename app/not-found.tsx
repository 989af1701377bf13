import Link from "next/link";
import { cookies } from "next/headers";
import { isLang, translate } from "@/lib/i18n/messages";

export default async function NotFound() {
  const lang = (await cookies()).get("hcinet-lang")?.value;
  const l = isLang(lang) ? lang : "en";
  return (
    <div className="py-20 text-center">
      <h1 className="text-2xl font-semibold">404</h1>
      <p className="mt-2 text-slate-600 dark:text-slate-400">{translate(l, "shell.notFoundPage")}</p>
      <Link href="/networks" className="mt-4 inline-block text-sky-700 underline dark:text-sky-400">
        {translate(l, "nav.networks")}
      </Link>
    </div>
  );
}
