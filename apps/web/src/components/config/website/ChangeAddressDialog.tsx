import { Check, X } from 'lucide-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiSend } from '../../../lib/api';
import { formatDate } from '../../../lib/dates';
import { errorMessage } from '../../../lib/errors';
import { ShellDialog } from '../ShellDialog';
import { useSubdomainAvailability, type AvailabilityCheck } from '../subdomain-availability';
import { typedAddress } from './web-address-api';

/**
 * UI-WED-02 / UI-SUB-06: the Owner picks a new web address. The dialog explains the two rules before
 * anything is sent — one change per 30 days, the old address redirecting for 90 days — and only a
 * name the server just called available can be saved (the server checks again).
 */
export function ChangeAddressDialog(props: {
  businessId: string;
  current: string | null;
  /** Where `{name}` will live: `tafuta.ke` (or `localhost` on a development machine). */
  apex: string;
  onClose: () => void;
  onChanged: (name: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const { t: tc } = useTranslation('config');
  const id = useId();
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const wanted = name.replace(/^-+|-+$/g, '');
  const check = useSubdomainAvailability(wanted, props.businessId, wanted === '' || wanted === props.current);
  const verdict = check.state === 'done' ? check.verdict : null;
  const free = verdict?.available ? verdict.subdomain : null;

  const submit = async () => {
    if (!free) return;
    setBusy(true);
    setFailure(null);
    try {
      const reply = await apiSend<{ subdomain: string }>('PUT', `/businesses/${props.businessId}/subdomain`, {
        subdomain: free,
      });
      props.onChanged(reply.subdomain);
    } catch (error) {
      // 409 CONFLICT here is the 30-day limit (UI-SUB-06); SUBDOMAIN_TAKEN someone quicker.
      if (error instanceof ApiError && error.code === 'CONFLICT') {
        const next = typeof error.extra.next_change_at === 'string' ? error.extra.next_change_at : null;
        setFailure(
          next
            ? tc('website.address.tooSoonOn', { date: formatDate(next, i18n.language) })
            : tc('website.address.tooSoon'),
        );
      } else setFailure(errorMessage(t, error));
      setBusy(false);
    }
  };

  return (
    <ShellDialog
      title={props.current ? tc('website.address.changeTitle') : tc('website.address.chooseTitle')}
      onClose={props.onClose}
      onSubmit={() => void submit()}
      submitLabel={tc('website.address.submit')}
      submitDisabled={!free}
      busy={busy}
      failure={failure}
    >
      {props.current && (
        <ul className="list-disc space-y-1 pl-5 text-small text-grey-600">
          <li>{tc('website.address.ruleMonthly')}</li>
          <li>{tc('website.address.ruleRedirect', { old: `${props.current}.${props.apex}` })}</li>
        </ul>
      )}
      <div>
        <label htmlFor={id} className="field-label">
          {tc('website.address.label')}
        </label>
        <div className="flex items-center gap-1">
          <input
            id={id}
            className="field min-w-0 flex-1"
            value={name}
            autoCapitalize="none"
            autoCorrect="off"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            aria-invalid={verdict !== null && !verdict.available ? true : undefined}
            aria-describedby={`${id}-hint ${id}-status`}
            onChange={(event) => setName(typedAddress(event.target.value))}
          />
          <span aria-hidden="true" className="shrink-0 text-small font-semibold">
            {`.${props.apex}`}
          </span>
        </div>
        <p id={`${id}-hint`} className="mt-1 text-small text-grey-600">
          {tc('website.address.hint')}
        </p>
        <AvailabilityStatus
          id={`${id}-status`}
          check={check}
          apex={props.apex}
          isCurrent={name === props.current}
        />
      </div>
      {verdict && !verdict.available && verdict.suggestions.length > 0 && (
        <div className="space-y-1">
          <p className="text-small">{tc('website.address.suggestions')}</p>
          <ul className="flex flex-wrap gap-2">
            {verdict.suggestions.map((suggestion) => (
              <li key={suggestion}>
                <button type="button" className="chip" onClick={() => setName(suggestion)}>
                  {suggestion}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </ShellDialog>
  );
}

function AvailabilityStatus(props: {
  id: string;
  check: AvailabilityCheck;
  apex: string;
  isCurrent: boolean;
}) {
  const { t } = useTranslation('config');
  const { check } = props;
  let content = null;
  if (props.isCurrent) content = <span className="text-grey-600">{t('website.address.isCurrent')}</span>;
  else if (check.state === 'checking')
    content = <span className="text-grey-600">{t('website.address.checking')}</span>;
  else if (check.state === 'failed')
    content = <span className="text-error-700">{t('website.address.checkFailed')}</span>;
  else if (check.state === 'done' && check.verdict.available) {
    content = (
      <span className="inline-flex items-center gap-1 text-success-700">
        <Check aria-hidden="true" className="size-4" />
        {t('website.address.available', { address: `${check.verdict.subdomain}.${props.apex}` })}
      </span>
    );
  } else if (check.state === 'done') {
    content = (
      <span className="inline-flex items-center gap-1 text-error-700">
        <X aria-hidden="true" className="size-4" />
        {t(`website.address.reason.${check.verdict.reason ?? 'invalid'}`)}
      </span>
    );
  }
  return (
    <p id={props.id} aria-live="polite" className="mt-1 min-h-6 text-small font-semibold">
      {content}
    </p>
  );
}
