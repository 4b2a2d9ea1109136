import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchServiceStatus, HEALTH_TIMEOUT_MS, type ServiceStatus } from '../lib/health';

export function HealthStatus() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<ServiceStatus | 'checking'>('checking');

  useEffect(() => {
    const controller = new AbortController();
    // setTimeout + abort() rather than AbortSignal.timeout/any, which older phone browsers lack.
    const timer = window.setTimeout(() => controller.abort(), HEALTH_TIMEOUT_MS);
    let mounted = true;
    void fetchServiceStatus(controller.signal).then((result) => {
      // A timeout still reports 'unavailable'; an unmount (or StrictMode's re-run) must not set state.
      if (mounted) setStatus(result);
    });
    return () => {
      mounted = false;
      window.clearTimeout(timer);
      controller.abort();
    };
  }, []);

  const tone =
    status === 'healthy' ? 'bg-green-700' : status === 'checking' ? 'bg-neutral-500' : 'bg-brand-dark';
  return (
    <p role="status" className="flex items-center gap-2 text-sm text-neutral-700">
      <span aria-hidden="true" className={`inline-block size-2.5 shrink-0 rounded-full ${tone}`} />
      {t(`status.${status}`)}
    </p>
  );
}
