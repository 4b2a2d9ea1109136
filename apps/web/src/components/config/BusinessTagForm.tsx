import { useQuery, useQueryClient } from '@tanstack/react-query';
import { TriangleAlert } from 'lucide-react';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiGet, apiSend } from '../../lib/api';
import type { BusinessPrivate } from '../../lib/config/types';
import { errorMessage } from '../../lib/errors';
import { useOnline } from '../../lib/offline/use-online';
import { myBusinessesKey, useCurrentBusiness } from '../../pages/config/business-context';
import { ShellDialog } from './ShellDialog';

/** MEDIA-021, as the contracts' `businessTagPattern`: 2–64 of a–z, 0–9 and inner hyphens. */
const TAG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}[a-z0-9]$/;

/** Typing help only: lower case, spaces to hyphens; the pattern check says what is still wrong. */
function tidy(value: string): string {
  return value.toLowerCase().replace(/\s+/g, '-');
}

interface TagCheck {
  valid: boolean | null;
  available: boolean | null;
  suggestion: string | null;
}

/** Waits until typing stops, so the availability check is one request per pause, not per key. */
function useSettled(value: string, delayMs = 400): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(value), delayMs);
    return () => window.clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/**
 * UI-SET-01: the Tafuta page link (`business_tag`) with a pattern check and a live availability check;
 * saving first shows the warning that old links stop working (MEDIA-025 `confirm`).
 */
export function BusinessTagForm() {
  const { t } = useTranslation('config');
  const { t: tRoot } = useTranslation();
  const { business, setBusiness, readOnly } = useCurrentBusiness();
  const queryClient = useQueryClient();
  const online = useOnline();
  const inputId = useId();
  const [tag, setTag] = useState(business.business_tag);
  const [confirming, setConfirming] = useState(false);
  const [saving, setSaving] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const settled = useSettled(tag);
  const changed = tag !== business.business_tag;
  const patternOk = TAG_PATTERN.test(tag);
  const check = useQuery({
    queryKey: ['config', 'tag-check', settled],
    queryFn: ({ signal }) => apiGet<TagCheck>('/business-tags/check', { signal, query: { tag: settled } }),
    enabled: changed && patternOk && settled === tag,
    staleTime: 30_000,
  });
  const taken = check.data?.available === false;
  const suggestion = check.data?.suggestion ?? null;
  const canSave = changed && patternOk && check.data?.available === true && online && !readOnly;

  let hint: { text: string; tone: string } | null = null;
  if (changed && !patternOk) hint = { text: tRoot('errors.BUSINESS_TAG_INVALID'), tone: 'text-error-700' };
  else if (taken) hint = { text: tRoot('errors.BUSINESS_TAG_TAKEN'), tone: 'text-error-700' };
  else if (check.data?.available)
    hint = { text: t('shell.settings.tag.available'), tone: 'text-success-700' };
  else if (changed && (check.isFetching || settled !== tag))
    hint = { text: t('shell.settings.tag.checking'), tone: 'text-grey-600' };

  const save = async () => {
    setSaving(true);
    setFailure(null);
    try {
      const reply = await apiSend<BusinessPrivate>(
        'PATCH',
        `/businesses/${business.business_id}/business-tag`,
        {
          business_tag: tag,
          confirm: true,
        },
      );
      setBusiness(reply);
      setTag(reply.business_tag);
      setConfirming(false);
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: myBusinessesKey });
    } catch (error) {
      // A race lost since the check says BUSINESS_TAG_TAKEN, translated like every other code.
      setFailure(errorMessage(tRoot, error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <section aria-labelledby="tag-title" className="card space-y-3 p-4">
      <h2 id="tag-title" className="text-h2 font-bold">
        {t('shell.settings.tag.title')}
      </h2>
      <p className="text-grey-600">{t('shell.settings.tag.intro')}</p>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          if (canSave) {
            setFailure(null);
            setConfirming(true);
          }
        }}
        className="space-y-3"
      >
        <div>
          <label htmlFor={inputId} className="field-label">
            {t('shell.settings.tag.label')}
          </label>
          <input
            id={inputId}
            className="field"
            value={tag}
            maxLength={64}
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            disabled={readOnly}
            aria-invalid={changed && (!patternOk || taken) ? true : undefined}
            aria-describedby={`${inputId}-preview ${inputId}-hint ${inputId}-warning`}
            onChange={(event) => {
              setSaved(false);
              setTag(tidy(event.target.value));
            }}
          />
          <p id={`${inputId}-preview`} className="mt-1 text-small break-all text-grey-600">
            {t('shell.settings.tag.preview', { tag: tag || '…' })}
          </p>
          <p
            id={`${inputId}-hint`}
            aria-live="polite"
            className={`mt-1 min-h-5 text-small ${hint?.tone ?? ''}`}
          >
            {hint?.text}
            {saved && !changed && t('shell.settings.tag.saved')}
          </p>
          {taken && suggestion && (
            <button type="button" className="btn-ghost" onClick={() => setTag(suggestion)}>
              {t('shell.settings.tag.useSuggestion', { tag: suggestion })}
            </button>
          )}
        </div>
        <p
          id={`${inputId}-warning`}
          className="flex items-start gap-2 rounded-xl bg-warning-50 p-3 text-warning-800"
        >
          <TriangleAlert size={20} aria-hidden="true" className="mt-0.5 shrink-0" />
          {t('shell.settings.tag.warning')}
        </p>
        <button type="submit" className="btn-primary" disabled={!canSave}>
          {t('shell.settings.tag.save')}
        </button>
      </form>
      {confirming && (
        <ShellDialog
          title={t('shell.settings.tag.confirmTitle')}
          submitLabel={t('shell.settings.tag.confirm')}
          busy={saving}
          failure={failure}
          onClose={() => setConfirming(false)}
          onSubmit={() => void save()}
        >
          <p>{t('shell.settings.tag.confirmBody', { tag })}</p>
          <p className="rounded-xl bg-warning-50 p-3 text-warning-800">{t('shell.settings.tag.warning')}</p>
        </ShellDialog>
      )}
    </section>
  );
}
