import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { Loading } from '../../components/Loading';
import { ApiError, apiGet } from '../../lib/api';
import { loadCart, saveCart, settlePaid } from '../../lib/config/cart';
import { useMe } from '../../lib/session';

/**
 * The page PesaPal sends the payer back to (PAY-150 step 5, ERRATA 2). What the return URL claims is
 * never trusted: only `OrderMerchantReference` (our payment id) is read, and the server's own status
 * (which asks PesaPal itself) decides what is shown. Polls every 3 s for 2 minutes, then every 15 s;
 * after 60 s it says the payer may leave and will get an SMS.
 */

interface PaymentStatus {
  status: 'pending' | 'completed' | 'failed' | 'cancelled' | 'reversed';
  amount_kes: string;
  failure_reason: string | null;
  transactions: {
    tx_id: string;
    business_id: string;
    business_name: string;
    receipt_id: string | null;
    receipt_number: string | null;
  }[];
}

const FAST_MS = 3_000;
const SLOW_MS = 15_000;
const FAST_FOR_MS = 120_000;
const STILL_WAITING_AFTER_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const REASONS = ['declined', 'timeout', 'cancelled', 'gateway_unavailable', 'reversed'] as const;
const isKnownReason = (reason: string | null): reason is (typeof REASONS)[number] =>
  (REASONS as readonly (string | null)[]).includes(reason);

function usePaymentStatus(paymentId: string | null, enabled: boolean) {
  const [status, setStatus] = useState<PaymentStatus | null>(null);
  const [failed, setFailed] = useState<'not_found' | null>(null);
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!paymentId || !enabled) return undefined;
    const started = Date.now();
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      let settled = false;
      try {
        const next = await apiGet<PaymentStatus>(`/payments/${paymentId}/status`, {
          signal: controller.signal,
        });
        setStatus(next);
        settled = next.status !== 'pending';
      } catch (error) {
        if (controller.signal.aborted) return;
        // Someone else's or an unknown payment: nothing more to learn by asking again.
        if (error instanceof ApiError && error.status === 404) {
          setFailed('not_found');
          return;
        }
        // Offline or a hiccup: keep polling on the same schedule.
      }
      const spent = Date.now() - started;
      setElapsed(spent);
      if (!settled) timer = setTimeout(() => void poll(), spent < FAST_FOR_MS ? FAST_MS : SLOW_MS);
    };
    void poll();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [paymentId, enabled]);
  return { status, failed, elapsed };
}

export default function PaymentReturnPage() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const [params] = useSearchParams();
  const reference = params.get('OrderMerchantReference');
  const paymentId = reference && UUID.test(reference) ? reference : null;
  const { status, failed, elapsed } = usePaymentStatus(paymentId, Boolean(me.data));
  const userId = me.data?.user_id;
  const paid = status?.status === 'completed';
  useEffect(() => {
    // ERRATA 3: what this payment bought leaves the owner's cart; anything added since stays.
    if (paid && userId && paymentId) saveCart(userId, settlePaid(loadCart(userId), paymentId));
  }, [paid, userId, paymentId]);

  if (me.isPending) return <Loading />;
  if (!me.data) {
    const back = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?returnTo=${encodeURIComponent(back)}`} replace />;
  }

  const title = t('paymentReturn.title');
  const businesses = new Set(status?.transactions.map((tx) => tx.business_id));
  const [business] = businesses;
  // One business: back to its services; several (one payment, one receipt each): the dashboard home.
  const servicesLink =
    business && businesses.size === 1 ? `/config/business/${business}/services` : '/config';
  let body;
  if (!paymentId || failed === 'not_found') {
    body = <p role="alert">{t('paymentReturn.unknown')}</p>;
  } else if (!status || status.status === 'pending') {
    body = (
      <div role="status" aria-live="polite" className="space-y-2">
        <p className="font-semibold">{t('paymentReturn.pending')}</p>
        {elapsed >= STILL_WAITING_AFTER_MS && <p>{t('paymentReturn.stillWaiting')}</p>}
      </div>
    );
  } else if (status.status === 'completed') {
    const receipts = status.transactions.filter((tx) => tx.receipt_id !== null);
    body = (
      <div role="status" className="space-y-3">
        <p className="font-semibold">{t('paymentReturn.paid', { amount: status.amount_kes })}</p>
        <ul className="space-y-3">
          {receipts.map((tx) => (
            <li key={tx.tx_id} className="space-y-1">
              {businesses.size > 1 && <p className="font-semibold">{tx.business_name}</p>}
              <a className="btn-secondary" href={`/api/receipts/${tx.receipt_id}/download`}>
                {t('paymentReturn.receipt', { number: tx.receipt_number })}
              </a>
            </li>
          ))}
        </ul>
        <Link to={servicesLink} className="btn-primary">
          {t('paymentReturn.backToBusiness')}
        </Link>
      </div>
    );
  } else {
    body = (
      <div role="alert" className="space-y-3">
        <p className="font-semibold">{t('paymentReturn.failed')}</p>
        {isKnownReason(status.failure_reason) && <p>{t(`paymentReturn.reason.${status.failure_reason}`)}</p>}
        <Link to={servicesLink} className="btn-primary">
          {t('paymentReturn.tryAgain')}
        </Link>
      </div>
    );
  }
  return (
    <div className="page max-w-md space-y-4 py-6">
      <title>{t('meta.pageTitle', { title })}</title>
      <h1 className="text-h1 font-bold">{title}</h1>
      {body}
    </div>
  );
}
