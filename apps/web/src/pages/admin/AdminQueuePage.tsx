import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiGetPage, apiSend } from '../../lib/api';
import { ActionDialog } from '../../components/admin/AdminActionDialog';
import { Empty, ErrorNotice, Field, Loading, Notice, PageHeader } from '../../components/admin/AdminUi';
import { BulkBar, runBulk, type BulkOutcome } from '../../components/admin/AdminBulkActions';
import { nameOf, useStaffCatalogue } from '../../components/admin/AdminCatalogue';
import { staffErrorMessage } from '../../components/admin/AdminErrors';
import { REJECTION_REASONS, useReasonOptions } from '../../components/admin/AdminLabels';
import { QueueCard, useAgeLabel, type QueueItem } from '../../components/admin/AdminQueueCard';
import { allowed, useStaffRole } from '../../components/admin/AdminStaff';

interface QueueSummary {
  total_pending: number;
  overdue: number;
  oldest_age_hours: number | null;
  changes_requested: number;
}

type Decision = { kind: 'approve' | 'reject'; items: QueueItem[] };

/** The approval queue (ADM-105..115): filters, age colours, "Load more", single and bulk decisions. */
export default function AdminQueuePage() {
  const { t } = useTranslation('admin');
  const queryClient = useQueryClient();
  const role = useStaffRole();
  const canDecide = allowed(role, 'approval.decide');
  const age = useAgeLabel();
  const reasons = useReasonOptions();
  const { t: tc } = useTranslation();
  const describe = (error: unknown) => staffErrorMessage(tc, error);
  const [params, setParams] = useSearchParams();
  const categories = useStaffCatalogue('categories');
  const regions = useStaffCatalogue('regions');
  const filters = {
    sort: params.get('sort') ?? 'oldest',
    region: params.get('region') ?? '',
    category: params.get('category') ?? '',
    state: params.get('state') ?? 'awaiting_review',
  };
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [decision, setDecision] = useState<Decision | null>(null);
  const [outcome, setOutcome] = useState<BulkOutcome | null>(null);

  const queue = useInfiniteQuery({
    queryKey: ['admin', 'queue', filters],
    initialPageParam: 1,
    queryFn: ({ pageParam, signal }) =>
      apiGetPage<QueueItem>('/admin/businesses/pending', {
        signal,
        query: { ...filters, page: pageParam, limit: 20 },
      }),
    getNextPageParam: (last) =>
      last.pagination.page < last.pagination.pages ? last.pagination.page + 1 : undefined,
    // New submissions show up without a reload (ADM-124).
    refetchInterval: 60_000,
  });
  const items = queue.data?.pages.flatMap((page) => page.items) ?? [];
  const summary = queue.data?.pages[0]?.envelope.summary as QueueSummary | undefined;

  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setSelected(new Set());
  };
  const names = (kind: 'categories' | 'regions', slug: string) =>
    nameOf((kind === 'categories' ? categories : regions).data?.items, slug);

  const decide = async (input: { reasonCode: string | undefined; reason: string }) => {
    if (!decision) return;
    const body = (item: QueueItem) =>
      decision.kind === 'approve'
        ? { content_version: item.content_version, ...(input.reason ? { note: input.reason } : {}) }
        : {
            content_version: item.content_version,
            reason_code: input.reasonCode,
            ...(input.reason ? { reason: input.reason } : {}),
          };
    const path = (item: QueueItem) => `/admin/businesses/${item.business_id}/${decision.kind}`;
    if (decision.items.length === 1) {
      const [item] = decision.items as [QueueItem];
      try {
        await apiSend('POST', path(item), body(item));
      } finally {
        // Also after a 409: someone else decided, or the owner edited; the list must show the truth.
        void queryClient.invalidateQueries({ queryKey: ['admin', 'queue'] });
      }
      return;
    }
    // ERRATA 9: no batch endpoint; one call per business, each judged on its own (ADM-114).
    const result = await runBulk(
      decision.items,
      (item) => apiSend('POST', path(item), body(item)),
      (item) => item.business_name,
      describe,
    );
    setOutcome(result);
    setSelected(new Set());
    void queryClient.invalidateQueries({ queryKey: ['admin', 'queue'] });
  };

  const chosen = items.filter((item) => selected.has(item.business_id));

  return (
    <div>
      <PageHeader title={t('queue.title')} />
      {summary && (
        <p className="mb-3 flex flex-wrap gap-4" data-testid="queue-summary">
          <span>{t('queue.totalPending', { count: summary.total_pending })}</span>
          <span className={summary.overdue > 0 ? 'font-semibold text-error-700' : ''}>
            {t('queue.overdueCount', { count: summary.overdue })}
          </span>
          <span>
            {t('queue.oldest', {
              age: summary.oldest_age_hours === null ? '—' : age(summary.oldest_age_hours),
            })}
          </span>
          <span>{t('queue.changesRequested', { count: summary.changes_requested })}</span>
        </p>
      )}
      <div className="mb-4 grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Field label={t('queue.sort')}>
          <select
            className="field"
            value={filters.sort}
            onChange={(event) => setFilter('sort', event.target.value)}
          >
            <option value="oldest">{t('queue.sortOldest')}</option>
            <option value="newest">{t('queue.sortNewest')}</option>
            <option value="region">{t('queue.sortRegion')}</option>
          </select>
        </Field>
        <Field label={t('queue.region')}>
          <select
            className="field"
            value={filters.region}
            onChange={(event) => setFilter('region', event.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {regions.data?.items.map((region) => (
              <option key={region.slug} value={region.slug}>
                {region.names.en ?? region.slug}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('queue.category')}>
          <select
            className="field"
            value={filters.category}
            onChange={(event) => setFilter('category', event.target.value)}
          >
            <option value="">{t('common.all')}</option>
            {categories.data?.items.map((category) => (
              <option key={category.slug} value={category.slug}>
                {category.names.en ?? category.slug}
              </option>
            ))}
          </select>
        </Field>
        <label className="flex items-end gap-2 pb-3">
          <input
            type="checkbox"
            className="size-5"
            checked={filters.state === 'changes_requested'}
            onChange={(event) => setFilter('state', event.target.checked ? 'changes_requested' : '')}
          />
          <span>{t('queue.showChangesRequested')}</span>
        </label>
      </div>

      {outcome && <BulkOutcomeNotice outcome={outcome} onClose={() => setOutcome(null)} />}
      {canDecide && filters.state === 'awaiting_review' && (
        <BulkBar
          count={chosen.length}
          allCount={items.length}
          onSelectAll={(all) =>
            setSelected(new Set(all ? items.slice(0, 50).map((item) => item.business_id) : []))
          }
          actions={[
            { label: t('queue.bulkApprove'), onClick: () => setDecision({ kind: 'approve', items: chosen }) },
            { label: t('queue.bulkReject'), onClick: () => setDecision({ kind: 'reject', items: chosen }) },
          ]}
        />
      )}

      {queue.isPending ? (
        <Loading />
      ) : queue.isError ? (
        <ErrorNotice error={queue.error} onRetry={() => void queue.refetch()} />
      ) : items.length === 0 ? (
        <Empty>{t('queue.empty')}</Empty>
      ) : (
        <div className="space-y-3">
          {items.map((item) => (
            <QueueCard
              key={item.business_id}
              item={item}
              names={names}
              canDecide={canDecide}
              selected={selected.has(item.business_id)}
              onSelect={(on) => {
                const next = new Set(selected);
                if (on && next.size < 50) next.add(item.business_id);
                else next.delete(item.business_id);
                setSelected(next);
              }}
              onApprove={() => setDecision({ kind: 'approve', items: [item] })}
              onReject={() => setDecision({ kind: 'reject', items: [item] })}
            />
          ))}
          {queue.hasNextPage && (
            <button
              type="button"
              className="btn-secondary w-full"
              disabled={queue.isFetchingNextPage}
              onClick={() => void queue.fetchNextPage()}
            >
              {queue.isFetchingNextPage ? t('common.working') : t('queue.loadMore')}
            </button>
          )}
        </div>
      )}

      {decision && (
        <ActionDialog
          title={
            decision.items.length === 1
              ? t(decision.kind === 'approve' ? 'queue.approveTitle' : 'queue.rejectTitle', {
                  name: decision.items[0]?.business_name,
                })
              : t(decision.kind === 'approve' ? 'queue.bulkApproveTitle' : 'queue.bulkRejectTitle', {
                  count: decision.items.length,
                })
          }
          description={decision.kind === 'approve' ? t('queue.approveEffect') : t('queue.rejectEffect')}
          submitLabel={decision.kind === 'approve' ? t('queue.approve') : t('queue.reject')}
          reasonCodes={decision.kind === 'reject' ? reasons(REJECTION_REASONS) : undefined}
          reasonLabel={decision.kind === 'approve' ? t('queue.note') : undefined}
          onSubmit={decide}
          onClose={() => setDecision(null)}
        />
      )}
    </div>
  );
}

function BulkOutcomeNotice({ outcome, onClose }: { outcome: BulkOutcome; onClose: () => void }) {
  const { t } = useTranslation('admin');
  return (
    <Notice tone={outcome.failed.length > 0 ? 'amber' : 'green'}>
      <p className="font-semibold">
        {t('bulk.result', { done: outcome.done, failed: outcome.failed.length })}
      </p>
      {outcome.failed.length > 0 && (
        <ul className="mt-1 list-disc pl-5 text-small">
          {outcome.failed.map((failure) => (
            <li key={failure.label}>{`${failure.label}: ${failure.message}`}</li>
          ))}
        </ul>
      )}
      <button type="button" className="btn-ghost mt-1" onClick={onClose}>
        {t('common.dismiss')}
      </button>
    </Notice>
  );
}
