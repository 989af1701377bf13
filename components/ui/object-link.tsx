"use client";
/**
 * The one link between related objects (components/ui/links.ts builds the URL) and the hooks the target pages use
 * to read it back: the linked row is marked and scrolled into view.
 */
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useEffect, useRef } from "react";
import { objectHref, type ObjectRef } from "./links";

export const linkClass =
  "text-sky-700 underline decoration-sky-700/40 underline-offset-2 hover:decoration-current dark:text-sky-400 dark:decoration-sky-400/50";

/** A marked (linked-to) row or card. */
export const markedClass = "bg-amber-50 outline-2 -outline-offset-2 outline-amber-500 dark:bg-amber-950/40";

/**
 * `context` is read before the visible text by screen readers ("Pods on node x: 3"): the accessible name starts with
 * it and still contains the visible text (WCAG 2.5.3).
 */
export function ObjectLink({ to, children, className = "", title, context }: { to: ObjectRef; children: string | number; className?: string; title?: string; context?: string }) {
  return (
    // no prefetch: a table of links with a distinct query each would fetch every target page in the background
    <Link prefetch={false} href={objectHref(to)} className={`${linkClass} ${className}`} data-link={to.kind} title={title} aria-label={context ? `${context}: ${children}` : undefined}>
      {children}
    </Link>
  );
}

/** The value of one deep-link parameter of the current URL (components/ui/links.ts LINK_PARAMS). */
export function useLinkParam(name: string): string | null {
  return useSearchParams().get(name);
}

/** A ref for the element that is marked by the URL: it is scrolled into view once, when it appears. */
export function useScrollIntoViewWhen<T extends HTMLElement>(marked: boolean) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (marked) ref.current?.scrollIntoView({ block: "center" });
  }, [marked]);
  return ref;
}
