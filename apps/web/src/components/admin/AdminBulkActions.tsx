import { useTranslation } from 'react-i18next';

/** ERRATA 9 / ADM-114: at most 50 items per bulk action, sent as single calls one after another. */
export const BULK_LIMIT = 50;

export interface BulkOutcome {
  done: number;
  failed: { label: string; message: string }[];
}

/**
 * Runs one call per item, in order, so each item gets its own review row, audit row and notification
 * on the server, and one refusal (409: already reviewed) does not stop the rest.
 */
export async function runBulk<T>(
  items: T[],
  call: (item: T) => Promise<unknown>,
  label: (item: T) => string,
  describe: (error: unknown) => string,
): Promise<BulkOutcome> {
  const outcome: BulkOutcome = { done: 0, failed: [] };
  for (const item of items.slice(0, BULK_LIMIT)) {
    try {
      await call(item);
      outcome.done += 1;
    } catch (error) {
      outcome.failed.push({ label: label(item), message: describe(error) });
    }
  }
  return outcome;
}

export function BulkBar({
  count,
  allCount,
  onSelectAll,
  actions,
}: {
  count: number;
  allCount: number;
  onSelectAll: (all: boolean) => void;
  actions: { label: string; onClick: () => void; danger?: boolean }[];
}) {
  const { t } = useTranslation('admin');
  if (allCount === 0) return null;
  return (
    <div className="mb-3 flex flex-wrap items-center gap-2 rounded-xl bg-white p-2">
      <label className="flex items-center gap-2 px-2">
        <input
          type="checkbox"
          className="size-5"
          checked={count > 0 && count === Math.min(allCount, BULK_LIMIT)}
          onChange={(event) => onSelectAll(event.target.checked)}
        />
        <span>{t('bulk.selected', { count, limit: BULK_LIMIT })}</span>
      </label>
      {actions.map((action) => (
        <button
          key={action.label}
          type="button"
          className={action.danger ? 'btn-danger' : 'btn-secondary'}
          disabled={count === 0}
          onClick={action.onClick}
        >
          {action.label}
        </button>
      ))}
    </div>
  );
}
