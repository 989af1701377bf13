"use client";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";

export type Theme = "light" | "dark";
export const THEME_COOKIE = "hcinet-theme";

const Ctx = createContext<{ theme: Theme; setTheme(t: Theme): void } | null>(null);

export function ThemeProvider({ initial, children }: { initial: Theme; children: ReactNode }) {
  const [theme, set] = useState<Theme>(initial);
  const setTheme = useCallback((t: Theme) => {
    set(t);
    document.documentElement.classList.toggle("dark", t === "dark");
    document.cookie = `${THEME_COOKIE}=${t}; path=/; max-age=31536000; samesite=lax`;
  }, []);
  return <Ctx.Provider value={{ theme, setTheme }}>{children}</Ctx.Provider>;
}

export function useTheme() {
  const v = useContext(Ctx);
  if (!v) throw new Error("useTheme outside ThemeProvider");
  return v;
}
