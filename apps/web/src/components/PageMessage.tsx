import type { ReactNode } from 'react';

interface PageMessageProps {
  title: string;
  body: string;
  /** The one thing the visitor can do next (a link or button). */
  action: ReactNode;
}

/** Shared layout for the simple full-page messages: not found, offline, error, coming soon. */
export function PageMessage({ title, body, action }: PageMessageProps) {
  return (
    <div className="mx-auto max-w-3xl space-y-4 px-4 py-10">
      <title>{`${title} · Tafuta`}</title>
      <h1 className="text-2xl font-bold">{title}</h1>
      <p className="text-neutral-700">{body}</p>
      <div>{action}</div>
    </div>
  );
}
