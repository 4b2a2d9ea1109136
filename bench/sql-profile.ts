import type pg from 'pg';

/**
 * BENCH_PROFILE_SQL: times every statement the app's pool runs (from send to result, so waiting inside
 * PostgreSQL counts too) and groups them by their first words, to show where a request's time goes.
 */
export function profileSql(pool: pg.Pool): () => string[] {
  const totals = new Map<string, { count: number; ms: number }>();
  pool.on('connect', (client) => {
    const original = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 90);
      const started = performance.now();
      const record = () => {
        const entry = totals.get(key) ?? { count: 0, ms: 0 };
        entry.count += 1;
        entry.ms += performance.now() - started;
        totals.set(key, entry);
      };
      const result = original(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(record, record);
      }
      return result;
    };
  });
  return () =>
    [...totals]
      .sort(([, a], [, b]) => b.ms - a.ms)
      .slice(0, 12)
      .map(
        ([key, entry]) =>
          `${entry.count.toString().padStart(7)} × ${(entry.ms / entry.count).toFixed(2).padStart(8)} ms = ` +
          `${(entry.ms / 1000).toFixed(1).padStart(6)} s  ${key}`,
      );
}
