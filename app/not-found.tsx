import Link from "next/link";

export default function NotFound() {
  return (
    <div className="py-20 text-center">
      <h1 className="text-2xl font-semibold">404</h1>
      <p className="mt-2 text-slate-500">This page does not exist.</p>
      <Link href="/networks" className="mt-4 inline-block text-sky-600 underline">
        Networks
      </Link>
    </div>
  );
}
