// Types for check-web-budget.mjs, so TypeScript callers (bench/web.ts) import it checked.
export interface SizedFile {
  file: string;
  bytes: number;
  gzip: number;
}
export interface Sizes {
  js: SizedFile[];
  css: SizedFile[];
}
export const BUDGET_KIB: { js: number; css: number };
export function assetsInHtml(html: string): { js: Set<string>; css: Set<string> };
export function initialAssets(
  html: string,
  manifest: Record<string, { file: string; isEntry?: boolean; imports?: string[]; css?: string[] }>,
): { js: string[]; css: string[] };
export function gzipSize(buffer: Uint8Array): number;
export function evaluateBudget(
  sizes: Sizes,
  budget?: { js: number; css: number },
): { ok: boolean; lines: string[] };
export function measure(distDir: string): Sizes;
