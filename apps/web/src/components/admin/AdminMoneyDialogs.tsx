import { useQuery } from '@tanstack/react-query';
import type { AdminBusinessDetail, AdminBusinessRow } from '@tafuta/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiGetPage, apiSend } from '../../lib/api';
import { ActionDialog, type ActionInput } from './AdminActionDialog';
import { Field } from './AdminUi';
import { SERVICE_TYPES, useLabel, type ServiceType } from './AdminLabels';

/** A staff discount row (packages/contracts payments.ts `staffDiscount`). */
export interface DiscountRow {
  discount_id: string;
  business_id: string;
  business_name: string;
  discount_type: string;
  discount_percentage: number;
  criteria: string;
  evidence_note: string | null;
  status: string;
  expires_at: string;
  last_valid_date: string;
}

/**
 * Picks a business by name, tag or phone (GET /api/admin/businesses?q=). Money dialogs opened from a list
 * screen need one; opened from a business's page they get it fixed and skip this.
 */
export function BusinessPicker({ onPick }: { onPick: (business: { id: string; name: string }) => void }) {
  const { t } = useTranslation('admin');
  const [q, setQ] = useState('');
  const [picked, setPicked] = useState('');
  const found = useQuery({
    queryKey: ['admin', 'business-picker', q],
    queryFn: ({ signal }) =>
      apiGetPage<AdminBusinessRow>('/admin/businesses', { signal, query: { q, limit: 8 } }),
    enabled: q.trim().length >= 2,
  });
  return (
    <div>
      <Field label={t('moneyForms.business')}>
        <input
          className="field"
          value={q}
          placeholder={t('moneyForms.businessHint')}
          onChange={(event) => {
            setQ(event.target.value);
            setPicked('');
          }}
        />
      </Field>
      {picked ? (
        <p className="mt-1 text-small text-grey-600">{t('moneyForms.picked', { name: picked })}</p>
      ) : (
        <ul className="mt-1 space-y-1">
          {found.data?.items.map((business) => (
            <li key={business.business_id}>
              <button
                type="button"
                className="btn-ghost w-full justify-start text-left"
                onClick={() => {
                  setPicked(business.business_name);
                  onPick({ id: business.business_id, name: business.business_name });
                }}
              >
                {business.business_name} · {business.business_tag}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/**
 * ADM-312: a refund request in whole months per service (PAY-253), for a person linked to the business.
 * The Idempotency-Key is made once per dialog, so a double click or a retry after a timeout never makes
 * two requests (ADM-712).
 */
export function RefundCreateDialog(props: {
  business?: { id: string; name: string };
  onDone: () => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const label = useLabel();
  const [business, setBusiness] = useState(props.business);
  const [requester, setRequester] = useState('');
  const [months, setMonths] = useState<Partial<Record<ServiceType, string>>>({});
  const [key] = useState(() => crypto.randomUUID());
  const detail = useQuery({
    queryKey: ['admin', 'business', business?.id],
    queryFn: ({ signal }) => apiGet<AdminBusinessDetail>(`/admin/businesses/${business!.id}`, { signal }),
    enabled: Boolean(business),
  });
  const members = detail.data?.members ?? [];
  const chosenRequester = requester || members[0]?.user_id || '';
  const services = SERVICE_TYPES.filter((type) => Number(months[type] ?? 0) > 0).map((type) => ({
    service_type: type,
    months: Number(months[type]),
  }));

  const submit = async ({ reason }: ActionInput) => {
    await apiSend(
      'POST',
      '/refunds/request',
      { business_id: business?.id, requested_by: chosenRequester, services, notes: reason },
      { headers: { 'Idempotency-Key': key } },
    );
    await props.onDone();
  };

  return (
    <ActionDialog
      title={t('moneyForms.newRefund')}
      description={t('moneyForms.refundEffect')}
      submitLabel={t('moneyForms.createRefund')}
      reasonRequired
      reasonLabel={t('moneyForms.refundNotes')}
      onSubmit={submit}
      onClose={props.onClose}
    >
      {props.business ? (
        <p className="font-semibold">{props.business.name}</p>
      ) : (
        <BusinessPicker onPick={setBusiness} />
      )}
      {business && (
        <Field label={t('moneyForms.requester')}>
          <select
            className="field"
            value={chosenRequester}
            onChange={(event) => setRequester(event.target.value)}
          >
            {members.map((member) => (
              <option key={member.user_id} value={member.user_id}>
                {member.full_name} · {label('businessRoles', member.role)}
              </option>
            ))}
          </select>
        </Field>
      )}
      <fieldset className="grid grid-cols-2 gap-2">
        <legend className="field-label">{t('moneyForms.monthsPerService')}</legend>
        {SERVICE_TYPES.map((type) => (
          <Field key={type} label={label('services', type)}>
            <input
              className="field"
              type="number"
              min={0}
              max={24}
              value={months[type] ?? ''}
              onChange={(event) => setMonths({ ...months, [type]: event.target.value })}
            />
          </Field>
        ))}
      </fieldset>
    </ActionDialog>
  );
}

/** PAY-080..086 / ADM-320: grant a discount, or correct / renew one (a reason is then required). */
export function DiscountDialog(props: {
  discount?: DiscountRow;
  business?: { id: string; name: string };
  onDone: () => Promise<unknown>;
  onClose: () => void;
}) {
  const { t } = useTranslation('admin');
  const editing = props.discount;
  const [business, setBusiness] = useState(props.business);
  const [form, setForm] = useState({
    discount_type: editing?.discount_type ?? '',
    discount_percentage: String(editing?.discount_percentage ?? 10),
    criteria: editing?.criteria ?? '',
    evidence_note: editing?.evidence_note ?? '',
    valid_months: editing ? '' : '12',
  });
  const set = (key: keyof typeof form) => (event: { target: { value: string } }) =>
    setForm({ ...form, [key]: event.target.value });

  const submit = async ({ reason }: ActionInput) => {
    const fields = {
      discount_type: form.discount_type.trim(),
      discount_percentage: Number(form.discount_percentage),
      criteria: form.criteria.trim(),
      evidence_note: form.evidence_note.trim() || null,
      ...(form.valid_months ? { valid_months: Number(form.valid_months) } : {}),
    };
    if (editing) await apiSend('PATCH', `/discounts/${editing.discount_id}`, { ...fields, reason });
    else await apiSend('POST', '/discounts', { business_id: business?.id, ...fields });
    await props.onDone();
  };

  return (
    <ActionDialog
      title={editing ? t('moneyForms.editDiscount') : t('moneyForms.newDiscount')}
      submitLabel={t('common.save')}
      reasonRequired={Boolean(editing)}
      reasonLabel={editing ? undefined : ''}
      onSubmit={submit}
      onClose={props.onClose}
    >
      {editing || props.business ? (
        <p className="font-semibold">{editing?.business_name ?? props.business?.name}</p>
      ) : (
        <BusinessPicker onPick={setBusiness} />
      )}
      <Field label={t('moneyForms.discountType')} hint={t('moneyForms.discountTypeHint')}>
        <input className="field" value={form.discount_type} onChange={set('discount_type')} />
      </Field>
      <Field label={t('money.percentage')}>
        <input
          className="field"
          type="number"
          min={1}
          max={90}
          value={form.discount_percentage}
          onChange={set('discount_percentage')}
        />
      </Field>
      <Field label={t('money.criteria')}>
        <textarea className="field min-h-16 py-2" value={form.criteria} onChange={set('criteria')} />
      </Field>
      <Field label={t('moneyForms.evidence')}>
        <input className="field" value={form.evidence_note} onChange={set('evidence_note')} />
      </Field>
      <Field label={editing ? t('moneyForms.renewMonths') : t('moneyForms.validMonths')}>
        <input
          className="field"
          type="number"
          min={1}
          max={24}
          value={form.valid_months}
          onChange={set('valid_months')}
        />
      </Field>
    </ActionDialog>
  );
}
